using System.Globalization;
using EpisodeBuilder.GcsEmulator;

var options = new GcsEmulatorOptions();
double faultRate = 0;
var latency = TimeSpan.Zero;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port" when i + 1 < args.Length:
            options.Port = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--host" when i + 1 < args.Length:
            options.Host = args[++i];
            break;
        case "--data" when i + 1 < args.Length:
            options.DataDirectory = Path.GetFullPath(args[++i]);
            break;
        case "--service-account" when i + 1 < args.Length:
            options.ServiceAccountKeyFiles.Add(args[++i]);
            break;
        case "--require-auth":
            options.RequireAuthentication = true;
            break;
        case "--fault-rate" when i + 1 < args.Length && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate is >= 0 and <= 1:
            faultRate = rate;
            i++;
            break;
        case "--latency-ms" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds):
            latency = TimeSpan.FromMilliseconds(milliseconds);
            i++;
            break;
        default:
            Console.Error.WriteLine("usage: GcsEmulator [--port 4443] [--host 127.0.0.1] [--data DIR] [--service-account KEY.json]... [--require-auth] [--fault-rate 0.05] [--latency-ms 20]");
            return 2;
    }
}

await using var server = await GcsEmulatorServer.StartAsync(options);
if (faultRate > 0 || latency > TimeSpan.Zero)
{
    // A storage service having a bad day: a share of requests answered 503, every one held a while.
    server.Faults.FailRandomly(faultRate, latency);
}

Console.WriteLine($"GCS emulator serving {server.BaseUri} ({(options.DataDirectory is null ? "in memory" : "data in " + options.DataDirectory)}{(options.RequireAuthentication ? ", bearer tokens required" : string.Empty)}{(faultRate > 0 ? $", {faultRate:P0} of requests fail with 503" : string.Empty)}{(latency > TimeSpan.Zero ? $", {latency.TotalMilliseconds:0} ms added to each" : string.Empty)})");
Console.WriteLine($"Point clients at it with STORAGE_EMULATOR_HOST={server.BaseUri.ToString().TrimEnd('/')}");
await server.WaitForShutdownAsync();
return 0;
