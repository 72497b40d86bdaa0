using System.Globalization;
using System.Text.Json;

namespace EpisodeBuilder.Bench;

/// <summary>A <c>script/bench load</c> run: when, on how many cores, and each scenario.</summary>
public sealed record LoadBenchmarkResult(DateTimeOffset StartedAt, int ProcessorCount, IReadOnlyList<LoadScenarioResult> Scenarios);

/// <summary>
/// One scenario: its builds, and over them the makespan (first acceptance to last end), the throughput (minutes of audio
/// of the completed builds per minute of makespan), the longest wait in line, and the builds that starved (did not complete
/// before the bench gave up). For the fair-share scenario, the light user's wall time against the median time one of the
/// heavy user's builds took to run once started.
/// </summary>
public sealed record LoadScenarioResult(
    string Name,
    string Kind,
    int Workers,
    IReadOnlyList<LoadBuildResult> Builds,
    double MakespanSeconds,
    double AudioMinutesPerMinute,
    double LongestWaitSeconds,
    int Completed,
    int Starved,
    FairShareFigures? FairShare,
    LoadChecks? Checks = null)
{
    public static LoadScenarioResult From(string name, string kind, int workers, IReadOnlyList<LoadBuildResult> builds)
    {
        var first = builds.Min(b => b.AcceptedAt);
        var last = builds.Max(b => b.EndedAt ?? b.AcceptedAt);
        var makespan = (last - first).TotalSeconds;
        var completed = builds.Where(b => b.Status == "Completed").ToList();
        var audioMinutes = completed.Sum(b => b.AudioSeconds) / 60;
        FairShareFigures? fair = null;
        if (kind == "fair-share" && builds.FirstOrDefault(b => b.User == "light") is { WallSeconds: { } lightWall } && builds.Where(b => b.User == "heavy" && b.RunSeconds is not null).Select(b => b.RunSeconds!.Value).Order().ToList() is { Count: > 0 } heavyRuns)
        {
            var median = heavyRuns[heavyRuns.Count / 2];
            fair = new FairShareFigures(Math.Round(lightWall, 1), Math.Round(median, 1), Math.Round(lightWall / median, 2), Math.Round(builds.Where(b => b.User == "heavy").Max(b => b.WallSeconds ?? 0), 1));
        }

        return new LoadScenarioResult(
            name,
            kind,
            workers,
            builds,
            Math.Round(makespan, 1),
            makespan > 0 ? Math.Round(audioMinutes / (makespan / 60), 2) : 0,
            Math.Round(builds.Max(b => b.WaitSeconds ?? 0), 1),
            completed.Count,
            builds.Count(b => b.Status is not ("Completed" or "Failed" or "Canceled")),
            fair);
    }
}

/// <summary>The fair-share scenario's figures: the light user's one build against one run of the heavy user's ten.</summary>
public sealed record FairShareFigures(double LightWallSeconds, double HeavyMedianRunSeconds, double LightInHeavyRuns, double HeavyLastWallSeconds);

/// <summary>
/// One build under load: whose, how much audio, its end state, when it was accepted, how long it waited before its first
/// step, how long it ran once started, its wall time (accepted to its last step's end), and each step's time and worker.
/// </summary>
public sealed record LoadBuildResult(
    string User,
    string Episode,
    double AudioSeconds,
    string BuildId,
    string Status,
    DateTimeOffset AcceptedAt,
    DateTimeOffset? EndedAt,
    double? WaitSeconds,
    double? RunSeconds,
    double? WallSeconds,
    IReadOnlyList<StepTime> Steps,
    string? Error)
{
    public static LoadBuildResult From(string user, string episode, double audioSeconds, string buildId, DateTimeOffset acceptedAt, BuildStatusView status)
    {
        var accepted = status.CreatedAt ?? acceptedAt;
        var ran = status.Steps.Where(s => s.Status != "Skipped" && s.StartedAt is not null).ToList();
        var started = ran.Count > 0 ? ran.Min(s => s.StartedAt!.Value) : (DateTimeOffset?)null;
        var ended = status.Status is "Completed" or "Failed" or "Canceled" && ran.Any(s => s.FinishedAt is not null) ? ran.Max(s => s.FinishedAt ?? DateTimeOffset.MinValue) : (DateTimeOffset?)null;
        var steps = status.Steps
            .Select(s => new StepTime(s.Name, s.Status, s.Status != "Skipped" && s.StartedAt is { } a && s.FinishedAt is { } b ? Math.Round((b - a).TotalSeconds, 3) : null, s.Worker))
            .ToList();
        return new LoadBuildResult(
            user,
            episode,
            Math.Round(audioSeconds, 1),
            buildId,
            status.Status,
            accepted,
            ended,
            started is { } s1 ? Math.Round((s1 - accepted).TotalSeconds, 1) : null,
            started is { } s2 && ended is { } e1 ? Math.Round((e1 - s2).TotalSeconds, 1) : null,
            ended is { } e2 ? Math.Round((e2 - accepted).TotalSeconds, 1) : null,
            steps,
            status.Error?.Message);
    }
}

/// <summary>Prints a <see cref="LoadBenchmarkResult"/> as a table per scenario and a summary, and writes it as JSON.</summary>
public static class LoadReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void WriteTable(LoadBenchmarkResult result, TextWriter to)
    {
        foreach (var scenario in result.Scenarios)
        {
            to.WriteLine();
            to.WriteLine($"{scenario.Name} ({result.ProcessorCount} cores)");
            to.WriteLine("user     episode  audio  status     wait s   run s  wall s  workers (steps run)");
            foreach (var b in scenario.Builds)
            {
                var workers = string.Join(" ", b.Steps.Where(s => s.Worker is not null).SelectMany(s => s.Worker!.Split(',')).GroupBy(w => w).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}:{g.Count()}"));
                to.WriteLine(Invariant($"{b.User,-8} {b.Episode,-8} {b.AudioSeconds / 60,4:F1}m  {b.Status,-9} {Num(b.WaitSeconds),7} {Num(b.RunSeconds),7} {Num(b.WallSeconds),7}  {workers}"));
            }

            to.WriteLine(Invariant($"makespan {scenario.MakespanSeconds:F0} s; throughput {scenario.AudioMinutesPerMinute:F2} min of audio per min; longest wait {scenario.LongestWaitSeconds:F0} s; completed {scenario.Completed}/{scenario.Builds.Count}; starved {scenario.Starved}"));
            if (scenario.Checks is { } checks)
            {
                to.WriteLine(Invariant($"left behind: feed duplicates {checks.FeedDuplicates}, feed items missing {checks.FeedMissing}, MP3s that do not decode to their stated length {checks.Mp3Problems.Count} of {checks.Mp3Checked}, workspaces {checks.WorkspacesLeft}, lines not empty {checks.LinesNotEmpty}"));
                foreach (var problem in checks.Mp3Problems)
                {
                    to.WriteLine("  " + problem);
                }
            }

            if (scenario.Kind == "faults" && result.Scenarios.FirstOrDefault(s => s.Kind == "throughput" && s.Workers == scenario.Workers) is { MakespanSeconds: > 0 } baseline)
            {
                var extra = scenario.MakespanSeconds - baseline.MakespanSeconds;
                to.WriteLine(Invariant($"against the fault-free run on {baseline.Workers} workers ({baseline.MakespanSeconds:F0} s): {extra:+0;-0} s ({100 * extra / baseline.MakespanSeconds:+0;-0} %)"));
            }

            if (scenario.FairShare is { } fair)
            {
                to.WriteLine(Invariant($"fair share: the light user's build took {fair.LightWallSeconds:F0} s, {fair.LightInHeavyRuns:F2} x the median run of one heavy build ({fair.HeavyMedianRunSeconds:F0} s); the heavy user's last ended after {fair.HeavyLastWallSeconds:F0} s"));
            }
        }
    }

    public static async Task WriteJsonAsync(LoadBenchmarkResult result, string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, Json), cancellationToken);
    }

    private static string Num(double? value) => value is { } v ? v.ToString("F0", CultureInfo.InvariantCulture) : "-";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
