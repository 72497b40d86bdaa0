using System.Globalization;
using EpisodeBuilder.GcsEmulator;

var options = new GcsEmulatorOptions();
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
        default:
            Console.Error.WriteLine("usage: GcsEmulator [--port 4443] [--host 127.0.0.1] [--data DIR] [--service-account KEY.json]... [--require-auth]");
            return 2;
    }
}

await using var server = await GcsEmulatorServer.StartAsync(options);
Console.WriteLine($"GCS emulator serving {server.BaseUri} ({(options.DataDirectory is null ? "in memory" : "data in " + options.DataDirectory)}{(options.RequireAuthentication ? ", bearer tokens required" : string.Empty)})");
Console.WriteLine($"Point clients at it with STORAGE_EMULATOR_HOST={server.BaseUri.ToString().TrimEnd('/')}");
await server.WaitForShutdownAsync();
return 0;
