using System.Globalization;
using EpisodeBuilder.Bench;

// script/bench: `<command> [options]`. Each command is one entry in `commands`: its usage line, what it measures,
// and a function from its options to an exit code (0 done, 1 failed, 2 wrong arguments; throw ArgumentException
// for wrong arguments and the usage is printed).
BenchCommand[] commands =
[
    new("engine", "[--runs N] [--json FILE]", "Durable engine overhead per step, in memory and on Azurite (default 5 runs, artifacts/bench/engine.json)", EngineAsync),
];

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

if (args is ["help" or "--help" or "-h"])
{
    Usage(Console.Out);
    return 0;
}

var command = args.Length > 0 ? commands.FirstOrDefault(c => c.Name == args[0]) : null;
if (command is null)
{
    if (args.Length > 0)
    {
        Console.Error.WriteLine($"bench: unknown command '{args[0]}'");
    }

    Usage(Console.Error);
    return 2;
}

try
{
    return await command.Run(args[1..], stop.Token);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"bench {command.Name}: {e.Message}");
    Usage(Console.Error);
    return 2;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine($"bench {command.Name}: canceled");
    return 1;
}

void Usage(TextWriter to)
{
    to.WriteLine("usage: script/bench <command> [options]");
    foreach (var c in commands)
    {
        to.WriteLine($"  {c.Name} {c.Options}");
        to.WriteLine($"      {c.Summary}");
    }
}

static async Task<int> EngineAsync(string[] options, CancellationToken cancellationToken)
{
    var runs = 5;
    var json = Path.Combine("artifacts", "bench", "engine.json");
    for (var i = 0; i < options.Length; i++)
    {
        var value = i + 1 < options.Length ? options[i + 1] : null;
        switch (options[i])
        {
            case "--runs" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out runs) && runs > 0:
                i++;
                break;
            case "--runs":
                throw new ArgumentException($"--runs needs a whole number of runs above 0, not '{value}'");
            case "--json" when !string.IsNullOrWhiteSpace(value):
                json = value;
                i++;
                break;
            case "--json":
                throw new ArgumentException("--json needs a file name");
            default:
                throw new ArgumentException($"unknown option '{options[i]}'");
        }
    }

    var result = await new EngineBenchmark(runs, Console.Error).RunAsync(cancellationToken);
    EngineReport.WriteTable(result, Console.Out);
    await EngineReport.WriteJsonAsync(result, json, cancellationToken);
    Console.WriteLine($"==> {Path.GetFullPath(json)}");
    return 0;
}
