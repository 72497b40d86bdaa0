using System.Globalization;
using System.Text.Json;

namespace EpisodeBuilder.Bench;

/// <summary>Prints an <see cref="EngineBenchmarkResult"/> as one table with the backends side by side, and writes it as JSON.</summary>
public static class EngineReport
{
    private const int ScenarioWidth = 12;
    private const int ColumnWidth = 10;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void WriteTable(EngineBenchmarkResult result, TextWriter to)
    {
        var backends = result.Backends;
        to.WriteLine();
        to.WriteLine(Invariant($"Durable engine overhead: {result.Steps} no-op activities per orchestration, median and min of {result.Runs} runs after 1 warm-up, {result.ProcessorCount} cores"));
        to.WriteLine(Invariant($"(wall time from ScheduleNewOrchestrationInstanceAsync until the status, polled every 10 ms, says completed)"));
        to.WriteLine();

        var groupWidth = (3 * ColumnWidth) + 2;
        to.WriteLine(new string(' ', ScenarioWidth) + string.Concat(backends.Select(b => " | " + Label(b.Backend).PadRight(groupWidth))).TrimEnd());
        to.WriteLine("scenario".PadRight(ScenarioWidth) + string.Concat(backends.Select(_ =>
            " | " + "median".PadLeft(ColumnWidth) + " " + "min".PadLeft(ColumnWidth) + " " + "per step".PadLeft(ColumnWidth))));
        to.WriteLine(new string('-', ScenarioWidth) + string.Concat(backends.Select(_ => "-+-" + new string('-', groupWidth))));
        foreach (var scenario in backends[0].Scenarios.Select(s => s.Scenario))
        {
            var row = Invariant($"{scenario} x{result.Steps}").PadRight(ScenarioWidth);
            foreach (var backend in backends)
            {
                var s = backend.Scenarios.Single(x => x.Scenario == scenario);
                row += " | " + Ms(s.MedianMs) + " " + Ms(s.MinMs) + " " + Ms(s.PerStepMs);
            }

            to.WriteLine(row);
        }

        to.WriteLine();
        to.WriteLine(Invariant($"per step = median / {result.Steps}"));
    }

    public static async Task WriteJsonAsync(EngineBenchmarkResult result, string path, CancellationToken cancellationToken)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, result, Json, cancellationToken);
    }

    private static string Label(string backend) => backend == "AzureStorage" ? "AzureStorage (Azurite)" : backend;

    private static string Ms(double milliseconds) =>
        (milliseconds >= 100 ? Invariant($"{milliseconds:F0} ms") : Invariant($"{milliseconds:F1} ms")).PadLeft(ColumnWidth);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
