using System.Globalization;

namespace EpisodeBuilder.Bench;

/// <summary>
/// The "hour-long episodes" targets, checked when a run holds both the 10- and the 60-minute build: at 60 minutes the
/// media steps within 1.3× their floor, transcription within 0.6× the serial floor (the mean of the one measured before
/// the build and the one after it), the app under 300 MB and within 1.10× its 10-minute peak, the snippet under 2 s;
/// and every step at most 6.6× its 10-minute time (6× the audio).
/// </summary>
public static class BuildTargets
{
    public const int ShortMinutes = 10;
    public const int LongMinutes = 60;

    public const double MediaFloorFactor = 1.3;
    /// <summary>How much faster than the audio a time may grow: 10 % (6.6× for 6× the audio).</summary>
    public const double GrowthAllowance = 1.1;
    public const double StepGrowth = GrowthAllowance * LongMinutes / ShortMinutes;
    public const double TranscriptionFloorFactor = 0.6;
    public const double AppRssLimitMb = 300;
    public const double AppRssGrowth = 1.10;
    public const double SnippetLimitMs = 2000;

    /// <summary>
    /// The checks, or none when the run lacks the 10- or the 60-minute build. The ratios with a limit print three decimals,
    /// so a ratio just over its limit never prints as one at it.
    /// </summary>
    public static IReadOnlyList<TargetCheck> Evaluate(IReadOnlyList<LengthResult> lengths)
    {
        var small = lengths.FirstOrDefault(l => l.Minutes == ShortMinutes);
        var large = lengths.FirstOrDefault(l => l.Minutes == LongMinutes);
        if (small is null || large is null)
        {
            return [];
        }

        var checks = new List<TargetCheck>
        {
            new(
                Invariant($"60-min clean-audio+merge+encode <= {MediaFloorFactor}x media floor"),
                large.MediaRatio is { } media ? Invariant($"{large.MediaSeconds:F1} s / {large.MediaFloor.Seconds:F1} s = {media:F3}x") : "a media step did not run",
                large.MediaRatio <= MediaFloorFactor),
        };

        foreach (var step in small.Steps.Where(s => s.Seconds is > 0))
        {
            var to = large.StepSeconds(step.Name);
            checks.Add(new(
                Invariant($"{step.Name}: 60-min time <= {StepGrowth}x 10-min time"),
                to is { } seconds ? Invariant($"{seconds:F1} s / {step.Seconds:F1} s = {seconds / step.Seconds!.Value:F2}x") : "did not run at 60 min",
                to is { } s && s <= StepGrowth * step.Seconds!.Value));
        }

        checks.Add(new(
            Invariant($"60-min transcribe <= {TranscriptionFloorFactor}x serial PocketSphinx floor"),
            large.TranscriptionRatio is { } asr ? Invariant($"{large.TranscribeSeconds:F1} s / {large.TranscriptionFloorSeconds:F1} s = {asr:F3}x{FloorsSaid(large)}") : "transcribe did not run",
            large.TranscriptionRatio <= TranscriptionFloorFactor));
        checks.Add(new(
            Invariant($"60-min app peak RSS < {AppRssLimitMb:0} MB"),
            Invariant($"{large.Memory.AppPeakRssMb:F0} MB"),
            large.Memory.AppPeakRssMb < AppRssLimitMb));
        checks.Add(new(
            Invariant($"60-min app peak RSS <= {AppRssGrowth:0.00}x the 10-min one"),
            Invariant($"{large.Memory.AppPeakRssMb:F1} MB / {small.Memory.AppPeakRssMb:F1} MB = {large.Memory.AppPeakRssMb / small.Memory.AppPeakRssMb:F3}x"),
            large.Memory.AppPeakRssMb <= AppRssGrowth * small.Memory.AppPeakRssMb));
        checks.Add(new(
            Invariant($"60-min snippet (first call) < {SnippetLimitMs:0} ms"),
            Invariant($"{large.Snippet.FirstCallMs:F0} ms"),
            large.Snippet.FirstCallMs < SnippetLimitMs));
        return checks;
    }

    /// <summary>How each step grows from the shortest length to the longest; null with fewer than two lengths.</summary>
    public static ScalingResult? Scale(IReadOnlyList<LengthResult> lengths)
    {
        if (lengths.Count < 2)
        {
            return null;
        }

        var from = lengths.MinBy(l => l.Minutes)!;
        var to = lengths.MaxBy(l => l.Minutes)!;
        var names = lengths.SelectMany(l => l.Steps.Select(s => s.Name)).Distinct(StringComparer.Ordinal);
        var steps = names.Select(name =>
        {
            var (a, b) = (from.StepSeconds(name), to.StepSeconds(name));
            return new StepRatio(name, a, b, a is > 0 && b is { } bs ? bs / a.Value : null);
        }).ToList();
        return new ScalingResult(
            from.Minutes,
            to.Minutes,
            steps,
            to.TotalSeconds / from.TotalSeconds,
            to.Memory.AppPeakRssMb / from.Memory.AppPeakRssMb,
            to.MediaFloor.Seconds / from.MediaFloor.Seconds,
            to.TranscriptionFloorSeconds / from.TranscriptionFloorSeconds);
    }

    /// <summary>Where the floor was measured on both sides of the build, both, and the ratio against each.</summary>
    private static string FloorsSaid(LengthResult length) =>
        length is { TranscriptionFloorBefore: { } before, TranscriptionFloor: var after, TranscriptionRatio: not null, TranscribeSeconds: { } transcribe }
            ? Invariant($" (floor before {before.Seconds:F1} s, after {after.Seconds:F1} s: {transcribe / before.Seconds:F2}x and {transcribe / after.Seconds:F2}x)")
            : string.Empty;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
