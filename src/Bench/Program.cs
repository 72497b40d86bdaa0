using System.Globalization;
using EpisodeBuilder.Bench;

// script/bench: `<command> [options]`. Each command is one entry in `commands`: its usage line, what it measures,
// and a function from its options to an exit code (0 done, 1 failed, 2 wrong arguments; throw ArgumentException
// for wrong arguments and the usage is printed).
BenchCommand[] commands =
[
    new("engine", "[--runs N] [--json FILE]", "Durable engine overhead per step, in memory and on Azurite (default 5 runs, artifacts/bench/engine.json)", EngineAsync),
    new("build", "[--minutes 10,30,60] [--json FILE] [--recordings DIR] [--report FILE]",
        "Whole builds through the local host's API per length, against FFmpeg and PocketSphinx floors, with peak memory (artifacts/bench/build.json; --report re-prints a saved run)",
        BuildAsync),
    new("edits", "[--voices ID,ID] [--folder DIR] [--json FILE]",
        "The automatic edit on labelled recordings in voices we tune on and voices held out: speech wrongly removed, retakes, intern requests, fillers, word error rate (artifacts/bench/edits.json)",
        EditsAsync),
    new("load", "[--builds 12] [--workers 1,2|0] [--no-fair-share] [--faults storage,workers,azurite] [--timeout-minutes 60] [--json FILE]",
        "Many users' builds at once on a local cluster (Azurite, GCS emulator, an API process, W workers): waits, wall times, workers per step, throughput, what is left behind; one user's 10 builds against another's 1; --faults adds storage 503s and a restart, workers killed, Azurite killed (artifacts/bench/load.json)",
        LoadAsync),
    new("rebuild", "[--minutes 60] [--json FILE]",
        "Rebuilds and retries of one build: the same input again, one segment's text changed, a failed publish retried; wall time against the first build and activities scheduled (artifacts/bench/rebuild.json)",
        RebuildAsync),
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

static async Task<int> BuildAsync(string[] options, CancellationToken cancellationToken)
{
    IReadOnlyList<int> minutes = [10, 30, 60];
    var json = Path.Combine("artifacts", "bench", "build.json");
    var recordings = Path.Combine("artifacts", "bench", "recordings");
    string? report = null;
    for (var i = 0; i < options.Length; i++)
    {
        var value = i + 1 < options.Length ? options[i + 1] : null;
        switch (options[i])
        {
            case "--minutes" when value is not null && ParseMinutes(value) is { } parsed:
                minutes = parsed;
                i++;
                break;
            case "--minutes":
                throw new ArgumentException($"--minutes needs whole minutes above 0 separated by commas (10,30,60), not '{value}'");
            case "--json" when !string.IsNullOrWhiteSpace(value):
                json = value;
                i++;
                break;
            case "--json":
                throw new ArgumentException("--json needs a file name");
            case "--recordings" when !string.IsNullOrWhiteSpace(value):
                recordings = value;
                i++;
                break;
            case "--recordings":
                throw new ArgumentException("--recordings needs a folder");
            case "--report" when !string.IsNullOrWhiteSpace(value):
                report = value;
                i++;
                break;
            case "--report":
                throw new ArgumentException("--report needs the JSON file of a run");
            default:
                throw new ArgumentException($"unknown option '{options[i]}'");
        }
    }

    if (report is not null)
    {
        // Re-prints a saved run, re-evaluating scaling and targets from its lengths.
        var saved = await BuildReport.ReadJsonAsync(report, cancellationToken);
        BuildReport.WriteTable(saved with { Scaling = BuildTargets.Scale(saved.Lengths), Targets = BuildTargets.Evaluate(saved.Lengths) }, Console.Out);
        return saved.Failure is null ? 0 : 1;
    }

    var repository = Directory.GetCurrentDirectory();
    var runs = Path.Combine(repository, "artifacts", "bench", "runs");
    BuildBenchmarkResult result;
    try
    {
        result = await new BuildBenchmark(new BuildBenchmarkOptions(minutes, recordings, runs, repository), Console.Error).RunAsync(cancellationToken);
    }
    catch (BenchFailedException e)
    {
        Console.Error.WriteLine($"bench build: {e.Message}");
        return 1;
    }

    BuildReport.WriteTable(result, Console.Out);
    await BuildReport.WriteJsonAsync(result, json, cancellationToken);
    Console.WriteLine($"==> {Path.GetFullPath(json)}");
    if (result.Failure is not null)
    {
        Console.Error.WriteLine($"bench build: {result.Failure}");
        return 1;
    }

    return 0;
}

static async Task<int> EditsAsync(string[] options, CancellationToken cancellationToken)
{
    var folder = Path.Combine("artifacts", "bench", "edits");
    var json = Path.Combine("artifacts", "bench", "edits.json");
    IReadOnlyList<string> voices = [];
    for (var i = 0; i < options.Length; i++)
    {
        var value = i + 1 < options.Length ? options[i + 1] : null;
        switch (options[i])
        {
            case "--voices" when !string.IsNullOrWhiteSpace(value):
                voices = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                i++;
                break;
            case "--folder" when !string.IsNullOrWhiteSpace(value):
                folder = value;
                i++;
                break;
            case "--json" when !string.IsNullOrWhiteSpace(value):
                json = value;
                i++;
                break;
            case "--voices" or "--folder" or "--json":
                throw new ArgumentException($"{options[i]} needs a value");
            default:
                throw new ArgumentException($"unknown option '{options[i]}'");
        }
    }

    var scores = await new EpisodeBuilder.Bench.Edits.EditsBenchmark(new(folder, voices), Console.Error).RunAsync(cancellationToken);
    EpisodeBuilder.Bench.Edits.EditsReport.WriteTable(scores, Console.Out);
    await EpisodeBuilder.Bench.Edits.EditsReport.WriteJsonAsync(scores, json, cancellationToken);
    Console.WriteLine($"==> {Path.GetFullPath(json)}");
    return 0;
}

static async Task<int> LoadAsync(string[] options, CancellationToken cancellationToken)
{
    var builds = 12;
    IReadOnlyList<int> workers = [1, 2];
    var fairShare = true;
    IReadOnlyList<string> faults = [];
    var timeout = TimeSpan.FromMinutes(60);
    var json = Path.Combine("artifacts", "bench", "load.json");
    for (var i = 0; i < options.Length; i++)
    {
        var value = i + 1 < options.Length ? options[i + 1] : null;
        switch (options[i])
        {
            case "--builds" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out builds) && builds > 0:
                i++;
                break;
            case "--builds":
                throw new ArgumentException($"--builds needs a whole number above 0, not '{value}'");
            case "--workers" when value == "0":
                workers = [];
                i++;
                break;
            case "--workers" when value is not null && ParseMinutes(value) is { } parsed:
                workers = parsed;
                i++;
                break;
            case "--workers":
                throw new ArgumentException($"--workers needs worker counts above 0 separated by commas (1,2), not '{value}'");
            case "--timeout-minutes" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes > 0:
                timeout = TimeSpan.FromMinutes(minutes);
                i++;
                break;
            case "--timeout-minutes":
                throw new ArgumentException($"--timeout-minutes needs whole minutes above 0, not '{value}'");
            case "--no-fair-share":
                fairShare = false;
                break;
            case "--faults" when value is not null && value.Split(',') is var names && names.All(n => LoadBenchmarkOptions.FaultNames.Contains(n)):
                faults = names;
                i++;
                break;
            case "--faults":
                throw new ArgumentException($"--faults needs scenarios separated by commas ({string.Join(",", LoadBenchmarkOptions.FaultNames)}), not '{value}'");
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

    var repository = Directory.GetCurrentDirectory();
    var load = new LoadBenchmarkOptions(builds, workers, fairShare, faults, timeout, Path.Combine("artifacts", "bench", "recordings"), Path.Combine(repository, "artifacts", "bench", "runs"), repository, json);
    LoadBenchmarkResult result;
    try
    {
        result = await new LoadBenchmark(load, Console.Error).RunAsync(cancellationToken);
    }
    catch (BenchFailedException e)
    {
        Console.Error.WriteLine($"bench load: {e.Message}");
        return 1;
    }

    LoadReport.WriteTable(result, Console.Out);
    await LoadReport.WriteJsonAsync(result, json, cancellationToken);
    Console.WriteLine($"==> {Path.GetFullPath(json)}");
    return result.Scenarios.All(s => s.Starved == 0 && s.Checks?.Clean != false) ? 0 : 1;
}

static async Task<int> RebuildAsync(string[] options, CancellationToken cancellationToken)
{
    var minutes = 60;
    var json = Path.Combine("artifacts", "bench", "rebuild.json");
    for (var i = 0; i < options.Length; i++)
    {
        var value = i + 1 < options.Length ? options[i + 1] : null;
        switch (options[i])
        {
            case "--minutes" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out minutes) && minutes > 0:
                i++;
                break;
            case "--minutes":
                throw new ArgumentException($"--minutes needs whole minutes above 0, not '{value}'");
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

    var repository = Directory.GetCurrentDirectory();
    var bench = new RebuildBenchmark(minutes, Path.Combine("artifacts", "bench", "recordings"), Path.Combine(repository, "artifacts", "bench", "runs"), repository, Console.Error);
    var result = await bench.RunAsync(cancellationToken);
    RebuildBenchmark.WriteTable(result, Console.Out);
    await RebuildBenchmark.WriteJsonAsync(result, json, cancellationToken);
    Console.WriteLine($"==> {Path.GetFullPath(json)}");
    return result.Runs.Select(r => r.Status).SequenceEqual(["Completed", "Completed", "Completed", "Failed", "Completed"]) ? 0 : 1;
}

static List<int>? ParseMinutes(string value)
{
    var minutes = new List<int>();
    foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
    {
        if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var m) || m <= 0)
        {
            return null;
        }

        minutes.Add(m);
    }

    return minutes.Count > 0 ? minutes : null;
}
