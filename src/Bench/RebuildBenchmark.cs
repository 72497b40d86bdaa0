using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EpisodeBuilder.GcsEmulator;
using EpisodeBuilder.GcsEmulator.Signing;
using EpisodeBuilder.LocalHostDriver;

namespace EpisodeBuilder.Bench;

/// <summary>What one build of <c>script/bench rebuild</c> cost: its wall time and the activities it scheduled, ran and reused.</summary>
public sealed record RebuildRun(
    string Name,
    string BuildId,
    string Status,
    double WallSeconds,
    int Scheduled,
    int Ran,
    int Reused,
    int TranscriptionScheduled,
    IReadOnlyList<string> StepsRun,
    IReadOnlyList<string> StepsReused);

/// <summary>The runs of one <c>script/bench rebuild</c>, and each later build's wall time against the first's.</summary>
public sealed record RebuildBenchmarkResult(DateTimeOffset StartedAt, int Minutes, IReadOnlyList<RebuildRun> Runs)
{
    public double? Ratio(string name) =>
        Runs.FirstOrDefault(r => r.Name == name) is { } run && Runs.Count > 0 && Runs[0] is { WallSeconds: > 0 } first ? run.WallSeconds / first.WallSeconds : null;
}

/// <summary>
/// Rebuilds and retries on one recording, through the local host's API, as a podcaster makes them: the first build (an
/// intro, an outro, one segment; transcribed, no transcript supplied), the same build again, a rebuild from it with the
/// segment's text changed (<c>from</c>), a rebuild with another loudness whose publish fails (the GCS emulator, in this
/// process, refuses every request to the public bucket until it has failed), and a retry of that one. Per build: the wall
/// time and the activities the server's step runner logged for it (each scheduled activity logs that it runs or that it
/// reuses an earlier result).
/// </summary>
public sealed partial class RebuildBenchmark(int minutes, string recordingsDirectory, string runsDirectory, string repository, TextWriter progress)
{
    private const string Episode = "rebuild";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<RebuildBenchmarkResult> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.Now;
        var recording = await new BenchRecordings(recordingsDirectory, progress).EnsureAsync(minutes, cancellationToken);
        var run = Path.Combine(runsDirectory, $"{startedAt:yyyyMMdd-HHmmss}-rebuild-{minutes}min");
        var data = Path.Combine(run, "data");
        var log = Path.Combine(run, "server.log");
        Directory.CreateDirectory(data);
        var signer = Path.Combine(data, "dev-signer.json");
        await File.WriteAllTextAsync(signer, DevServiceAccount.CreateKeyJson(), cancellationToken);
        var options = new GcsEmulatorOptions { Port = 0, DataDirectory = Path.Combine(data, "gcs") };
        options.ServiceAccountKeyFiles.Add(signer);

        await using var gcs = await GcsEmulatorServer.StartAsync(options, cancellationToken);
        var environment = new Dictionary<string, string> { ["Workspace__Root"] = Path.Combine(run, "workspaces") };
        await using var server = await LocalHostProcess.StartAsync(
            BuildBenchmark.LocalHostAppDll(repository), ["--port", "0", "--gcs", gcs.BaseUri.ToString(), "--data", data], environment, log, TimeSpan.FromMinutes(2), cancellationToken: cancellationToken);
        using var api = new EpisodeBuilderApi(server.ApiUrl!, TimeSpan.FromMinutes(30));
        progress.WriteLine($"==> uploading the {minutes}-minute recording, its intro and outro (server log {log})");
        var request = new
        {
            recording = await api.UploadAsync(recording.Wav, "recording.wav", "audio/wav", cancellationToken),
            intro = await api.UploadAsync(recording.Intro, "intro.wav", "audio/wav", cancellationToken),
            outro = await api.UploadAsync(recording.Outro, "outro.wav", "audio/wav", cancellationToken),
            segments = new[] { new { id = "sponsor", text = "This episode is brought to you by the moon.", position = "after-intro" } },
            cleanup = new { flubber = true, fillers = true, maxSilenceSeconds = 1.5 },
            loudnessLufs = -16,
            publish = new
            {
                podcast = "rebuild-show",
                title = $"Rebuilt, {minutes} minutes",
                show = new { title = "Rebuild Show", description = "Episodes built by script/bench rebuild.", author = "Episode Builder", ownerName = "Episode Builder", ownerEmail = "bench@example.com", imageUrl = "https://example.com/rebuild-show/cover.png", category = "Technology" },
            },
        };

        var runs = new List<RebuildRun>();
        async Task<RebuildRun> MeasureAsync(string name, Func<Task<string>> start)
        {
            progress.WriteLine($"==> {name}");
            var clock = Stopwatch.StartNew();
            var buildId = await start();
            var done = await api.WaitForEndAsync(buildId, TimeSpan.FromMinutes(90), interval: TimeSpan.FromSeconds(1), cancellationToken: cancellationToken);
            var measured = Measured(name, buildId, done, clock.Elapsed.TotalSeconds, await File.ReadAllLinesAsync(log, cancellationToken));
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {measured.Status} in {measured.WallSeconds:F1} s: {measured.Scheduled} activities scheduled, {measured.Ran} ran, {measured.Reused} reused; steps run: {string.Join(", ", measured.StepsRun)}"));
            runs.Add(measured);
            return measured;
        }

        var first = await MeasureAsync("first build", () => api.StartBuildAsync(Episode, request, cancellationToken));
        await MeasureAsync("identical rebuild", () => api.StartBuildAsync(Episode, request, cancellationToken));
        await MeasureAsync("segment text changed", () => api.StartBuildAsync(Episode, new { from = first.BuildId, segments = new[] { new { id = "sponsor", text = "This episode is brought to you by the sun.", position = "after-intro" } } }, cancellationToken));

        gcs.Faults.FailNext(100_000, pathContains: "episode-builder-local-public");
        var failed = await MeasureAsync("loudness changed, publish fails", () => api.StartBuildAsync(Episode, new { from = first.BuildId, loudnessLufs = -18 }, cancellationToken));
        gcs.Faults.Clear();
        await MeasureAsync("retry of the failed publish", () => api.RetryAsync(failed.BuildId, cancellationToken));
        return new RebuildBenchmarkResult(startedAt, minutes, runs);
    }

    private static RebuildRun Measured(string name, string buildId, System.Text.Json.Nodes.JsonNode done, double wall, IReadOnlyList<string> log)
    {
        var lines = log.Select(l => StepLine().Match(l)).Where(m => m.Success && m.Groups["build"].Value == buildId).ToList();
        var steps = done["steps"]!.AsArray();
        return new RebuildRun(
            name,
            buildId,
            done["status"]!.GetValue<string>(),
            wall,
            lines.Count,
            lines.Count(m => m.Groups["what"].Value == "runs"),
            lines.Count(m => m.Groups["what"].Value == "reuses"),
            lines.Count(m => m.Groups["step"].Value is "TranscribeChunkActivity" or "TranscribeActivity"),
            steps.Where(s => s!["status"]!.GetValue<string>() == "Completed" && s["reused"]?.GetValue<bool>() != true).Select(s => s!["name"]!.GetValue<string>()).ToList(),
            steps.Where(s => s!["reused"]?.GetValue<bool>() == true).Select(s => s!["name"]!.GetValue<string>()).ToList());
    }

    public static async Task WriteJsonAsync(RebuildBenchmarkResult result, string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, Json), cancellationToken);
    }

    public static void WriteTable(RebuildBenchmarkResult result, TextWriter to)
    {
        to.WriteLine($"| build ({result.Minutes}-minute recording) | status | wall time | against the first | activities scheduled / ran / reused | transcription activities |");
        to.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var run in result.Runs)
        {
            to.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {run.Name} | {run.Status} | {run.WallSeconds:F1} s | {result.Ratio(run.Name):P1} | {run.Scheduled} / {run.Ran} / {run.Reused} | {run.TranscriptionScheduled} |"));
        }
    }

    // The step runner's lines: "Build {id}: {Step} runs on {worker}" and "Build {id}: {Step} reuses the result …".
    [GeneratedRegex(@"Build (?<build>\S+): (?<step>\w+) (?<what>runs|reuses) ")]
    private static partial Regex StepLine();
}
