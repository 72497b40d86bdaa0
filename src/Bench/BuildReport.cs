using System.Globalization;
using System.Text.Json;

namespace EpisodeBuilder.Bench;

/// <summary>
/// Prints a <see cref="BuildBenchmarkResult"/>: one table with a column per length (steps, total, the media and
/// transcription ratios to their floors, the machine's speed probes, the snippet, peak memory of the app and of each tool, the edits made), then
/// how each step grows from the shortest length to the longest and the targets with PASS/FAIL; and writes it as JSON.
/// </summary>
public static class BuildReport
{
    private const int LabelWidth = 40;
    private const int ColumnWidth = 11;

    /// <summary>How far apart a length's speed probes may be before the report says the machine's speed changed.</summary>
    private const double ProbeSpreadWarning = 1.15;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void WriteTable(BuildBenchmarkResult result, TextWriter to)
    {
        var m = result.Machine;
        to.WriteLine();
        to.WriteLine(Invariant($"Episode builds on the local host (Release, Azurite engine): {m.Cores} cores, {m.MemoryMb / 1024:F1} GB RAM, {m.Cpu}"));
        to.WriteLine(Invariant($"Recordings: espeak-ng speech, seed {BenchRecordings.Seed}, generator v{BenchRecordings.GeneratorVersion}; cleanup flubber + fillers + silences over 1.5 s; intro and outro; no transcript supplied"));
        var lengths = result.Lengths;
        if (lengths.Count == 0)
        {
            to.WriteLine();
            to.WriteLine("No length was measured.");
            WriteFailure(result, to);
            return;
        }

        to.WriteLine();
        Row(to, string.Empty, lengths.Select(l => l.Minutes.ToString(CultureInfo.InvariantCulture) + " min"));
        to.WriteLine(new string('-', LabelWidth) + string.Concat(lengths.Select(_ => "-+-" + new string('-', ColumnWidth))));
        Row(to, "recording (s)", lengths.Select(l => Number(l.Recording.DurationSeconds, 1)));
        Row(to, "  retakes/interns/fillers/long pauses", lengths.Select(l => Invariant($"{l.Recording.Retakes}/{l.Recording.InternRequests}/{l.Recording.Fillers}/{l.Recording.LongPauses}")));

        Section(to, "steps (s, finishedAt - startedAt)");
        foreach (var name in lengths.SelectMany(l => l.Steps.Select(s => s.Name)).Distinct(StringComparer.Ordinal))
        {
            Row(to, "  " + name, lengths.Select(l => l.Steps.FirstOrDefault(s => s.Name == name) is { } s ? s.Seconds is { } sec ? Number(sec, 2) : s.Status.ToLowerInvariant() : "-"));
        }

        Row(to, "total (s, POST until the status ended)", lengths.Select(l => Number(l.TotalSeconds, 1)));

        Section(to, "media: clean-audio + merge + encode");
        Row(to, "  steps (s)", lengths.Select(l => Number(l.MediaSeconds, 2)));
        Row(to, "  floor (s, FFmpeg passes)", lengths.Select(l => Number(l.MediaFloor.Seconds, 2)));
        Row(to, "  ratio", lengths.Select(l => Ratio(l.MediaRatio)));
        Section(to, "transcription");
        Row(to, "  transcribe (s)", lengths.Select(l => Number(l.TranscribeSeconds, 2)));
        Row(to, "  floor before the build (s)", lengths.Select(l => Number(l.TranscriptionFloorBefore?.Seconds, 2)));
        Row(to, "  floor after the build (s)", lengths.Select(l => Number(l.TranscriptionFloor.Seconds, 2)));
        Row(to, "  floor (s, PocketSphinx serial, mean)", lengths.Select(l => Number(l.TranscriptionFloorSeconds, 2)));
        Row(to, "  ratio", lengths.Select(l => Ratio(l.TranscriptionRatio)));
        Section(to, Invariant($"machine speed probe (s, PocketSphinx on the same {SpeedProbe.ClipSeconds:F0} s of speech)"));
        foreach (var moment in lengths.SelectMany(l => l.Probes ?? []).Select(p => p.Moment).Distinct(StringComparer.Ordinal))
        {
            Row(to, "  " + moment, lengths.Select(l => Number(l.Probes?.FirstOrDefault(p => p.Moment == moment)?.Seconds, 2)));
        }

        Row(to, "  slowest / fastest", lengths.Select(l => Ratio(SpeedProbe.Spread(l.Probes))));
        Section(to, "two probes at once: cores' worth (2 = a whole second core)");
        foreach (var moment in lengths.SelectMany(l => l.Probes ?? []).Select(p => p.Moment).Distinct(StringComparer.Ordinal))
        {
            Row(to, "  " + moment, lengths.Select(l => Number(l.Probes?.FirstOrDefault(p => p.Moment == moment)?.CoresWorth, 2)));
        }

        Section(to, "snippet");
        Row(to, "  30 s, first call (ms)", lengths.Select(l => Number(l.Snippet.FirstCallMs, 0)));

        Section(to, "peak RSS (MB)");
        Row(to, "  app (server's VmHWM)", lengths.Select(l => Number(l.Memory.AppPeakRssMb, 0)));
        Row(to, "  app's highest sample during", lengths.Select(l => l.Memory.SampledPeak?.Phase ?? "-"));
        Row(to, "    anon / file / shmem", lengths.Select(l => l.Memory.SampledPeak is { } p ? Invariant($"{p.AnonMb:F0}/{p.FileMb:F0}/{p.ShmemMb:F0}") : "-"));
        foreach (var tool in lengths.SelectMany(l => l.Memory.Tools.Select(t => t.Name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            Row(to, "  " + (tool == "node" ? "node (Azurite, not the app)" : tool), lengths.Select(l => l.Memory.Tools.FirstOrDefault(t => t.Name == tool) is { } t ? Number(t.PeakHwmMb, 0) : "-"));
        }

        Row(to, "  media floor ffmpeg", lengths.Select(l => Number(l.MediaFloor.PeakRssMb, 0)));
        Row(to, "  transcription floor pocketsphinx", lengths.Select(l => Number(l.TranscriptionFloor.PeakRssMb, 0)));

        Section(to, "edits");
        foreach (var reason in lengths.SelectMany(l => l.Edits.CutsByReason.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            Row(to, "  " + reason + " cuts", lengths.Select(l => l.Edits.CutsByReason.GetValueOrDefault(reason).ToString(CultureInfo.InvariantCulture)));
        }

        Row(to, "  removed (s)", lengths.Select(l => Number(l.Edits.RemovedSeconds, 1)));
        Row(to, "  words PocketSphinx heard / spoken", lengths.Select(l => Invariant($"{l.TranscriptionFloor.Words}/{l.Recording.Words}")));

        to.WriteLine();
        to.WriteLine("Step times come from the status's steps; a tool's peak is the highest VmHWM read every 250 ms from /proc from the uploads to the snippet.");
        to.WriteLine("media ratio = (clean-audio when it runs + merge + encode) / media floor; transcription ratio = transcribe / serial PocketSphinx floor");
        to.WriteLine("(the mean of the floor measured before the build and the one after it, where both were).");
        if (lengths.Any(l => SpeedProbe.Spread(l.Probes) > ProbeSpreadWarning))
        {
            to.WriteLine(Invariant($"The same probe took more than {(ProbeSpreadWarning - 1) * 100:0}% longer at one moment of a length than at another: the machine's speed changed"));
            to.WriteLine("between the build and its floors, and ratios of wall times taken at different moments carry that change.");
        }

        if (result.Scaling is { } scaling)
        {
            to.WriteLine();
            to.WriteLine(Invariant($"Scaling from {scaling.FromMinutes} to {scaling.ToMinutes} min ({(double)scaling.ToMinutes / scaling.FromMinutes:F1}x the audio):"));
            foreach (var step in scaling.Steps)
            {
                to.WriteLine(Invariant($"  {step.Name,-30} {Ratio(step.Ratio),8}"));
            }

            to.WriteLine(Invariant($"  {"total",-30} {Ratio(scaling.TotalRatio),8}"));
            to.WriteLine(Invariant($"  {"app peak RSS",-30} {Ratio(scaling.AppRssRatio),8}"));
            to.WriteLine(Invariant($"  {"media floor (FFmpeg alone)",-30} {Ratio(scaling.MediaFloorRatio),8}"));
            to.WriteLine(Invariant($"  {"transcription floor",-30} {Ratio(scaling.TranscriptionFloorRatio),8}"));
            // The steps' own allowance: a floor past it would fail the step target with nothing but the machine around it.
            var allowed = BuildTargets.GrowthAllowance * scaling.ToMinutes / scaling.FromMinutes;
            if (scaling.MediaFloorRatio > allowed || scaling.TranscriptionFloorRatio > allowed)
            {
                to.WriteLine(Invariant($"  A floor grew more than {(BuildTargets.GrowthAllowance - 1) * 100:0}% faster than the audio: the same work on local files ran slower at the longer"));
                to.WriteLine("  length, so the machine did. The step ratios are wall times and carry that slowdown too.");
            }
        }

        to.WriteLine();
        if (result.Targets.Count == 0)
        {
            to.WriteLine(Invariant($"Targets: not evaluated (they need both --minutes {BuildTargets.ShortMinutes} and {BuildTargets.LongMinutes} in the run)."));
        }
        else
        {
            to.WriteLine("Targets:");
            foreach (var target in result.Targets)
            {
                to.WriteLine($"  {(target.Pass ? "PASS" : "FAIL")}  {target.Target,-58} {target.Measured}");
            }

            to.WriteLine(Invariant($"  {result.Targets.Count(t => t.Pass)} of {result.Targets.Count} passed"));
        }

        WriteFailure(result, to);
    }

    public static async Task WriteJsonAsync(BuildBenchmarkResult result, string path, CancellationToken cancellationToken)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, result, Json, cancellationToken);
    }

    public static async Task<BuildBenchmarkResult> ReadJsonAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<BuildBenchmarkResult>(file, Json, cancellationToken)
            ?? throw new BenchFailedException($"{path} holds no build benchmark");
    }

    private static void WriteFailure(BuildBenchmarkResult result, TextWriter to)
    {
        if (result.Failure is { } failure)
        {
            to.WriteLine();
            to.WriteLine("FAILED: " + failure);
        }
    }

    private static void Section(TextWriter to, string title) => to.WriteLine(title);

    private static void Row(TextWriter to, string label, IEnumerable<string> cells) =>
        to.WriteLine(label.PadRight(LabelWidth) + string.Concat(cells.Select(c => " | " + c.PadLeft(ColumnWidth))));

    private static string Number(double? value, int decimals) =>
        value is { } v ? v.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "-";

    private static string Ratio(double? value) => value is { } v ? Invariant($"{v:F2}x") : "-";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
