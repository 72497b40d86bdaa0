using EpisodeBuilder.Media.Editing;
using System.Globalization;
using System.Text.Json;

namespace EpisodeBuilder.Bench.Edits;

/// <summary>Figures of a group of scored recordings (a voice, or all tuning or held-out voices).</summary>
public sealed record EditFigures(
    string Name,
    int Recordings,
    double TalkSeconds,
    double TalkWronglyRemoved,
    double MustStaySeconds,
    double WronglyRemoved,
    int LongWrongCuts,
    int Retakes,
    int RetakesRemoved,
    int RetakesSuggested,
    double MaxClipped,
    int InternRequests,
    int InternFound,
    int InternCuts,
    int InternCutsRight,
    int Fillers,
    int FillersFound,
    int FillerCuts,
    int FillerCutsRight,
    int Suggested,
    double WordErrorRate,
    int NeighbourPairs,
    int NeighbourAccepted,
    double? LowestNeighbourRatio)
{
    public static EditFigures Of(string name, IReadOnlyList<EditScore> scores)
    {
        var talk = scores.Where(s => s.Kind == "talk").ToList();
        var retakes = scores.SelectMany(s => s.Retakes).ToList();
        return new EditFigures(
            name,
            scores.Count,
            talk.Sum(s => s.MustStaySeconds),
            talk.Sum(s => s.WronglyRemovedSeconds),
            scores.Sum(s => s.MustStaySeconds),
            scores.Sum(s => s.WronglyRemovedSeconds),
            talk.Sum(s => s.LongWrongCuts),
            retakes.Count,
            retakes.Count(r => r.Removed),
            retakes.Count(r => r.Suggested),
            retakes.Select(r => r.ClippedSeconds).DefaultIfEmpty(0).Max(),
            scores.Sum(s => s.InternRequests),
            scores.Sum(s => s.InternFound),
            scores.Sum(s => s.InternCuts),
            scores.Sum(s => s.InternCutsRight),
            scores.Sum(s => s.Fillers),
            scores.Sum(s => s.FillersFound),
            scores.Sum(s => s.FillerCuts),
            scores.Sum(s => s.FillerCutsRight),
            scores.Sum(s => s.SuggestedCuts),
            scores.Sum(s => s.WordErrors) / (double)Math.Max(1, scores.Sum(s => s.ReferenceWords)),
            scores.Sum(s => s.NeighbourRatios.Count),
            scores.Sum(s => s.NeighbourRatios.Count(r => r <= 1 - AcousticRepeat.MinimumMargin)),
            scores.SelectMany(s => s.NeighbourRatios).Select(r => (double?)r).Min())
        {
            FlubbersSpotted = scores.Sum(s => s.FlubbersSpotted),
            InternsSpotted = scores.Sum(s => s.InternsSpotted),
        };
    }

    /// <summary>The said "flubber" markers the keyword spotter heard: a retake whose marker it missed cannot be found.</summary>
    public int FlubbersSpotted { get; init; }

    /// <summary>The said "intern" markers the keyword spotter heard: the most intern requests any rule after it can find.</summary>
    public int InternsSpotted { get; init; }

    public double TalkWronglyRemovedShare => TalkWronglyRemoved / Math.Max(TalkSeconds, 1e-9);

    public double WronglyRemovedShare => WronglyRemoved / Math.Max(MustStaySeconds, 1e-9);

    public double RetakeRecall => RetakesRemoved / (double)Math.Max(1, Retakes);

    public double InternPrecision => InternCuts == 0 ? 1 : InternCutsRight / (double)InternCuts;

    public double InternRecall => InternFound / (double)Math.Max(1, InternRequests);

    public double FillerPrecision => FillerCuts == 0 ? 1 : FillerCutsRight / (double)FillerCuts;

    public double FillerRecall => FillersFound / (double)Math.Max(1, Fillers);
}

/// <summary>One target of the edit benchmark, judged on the held-out voices.</summary>
public sealed record EditTarget(string Name, string Measured, bool Passed);

/// <summary>The edit benchmark's table (per voice, then tuning and held-out apart) and its targets.</summary>
public static class EditsReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IReadOnlyList<EditTarget> Targets(EditFigures heldOut) =>
    [
        new("speech wrongly removed <= 0.5 % of marker-free speech", Percent(heldOut.TalkWronglyRemovedShare), heldOut.TalkWronglyRemovedShare <= 0.005),
        new("no cut longer than 2 s on marker-free speech", heldOut.LongWrongCuts.ToString(CultureInfo.InvariantCulture), heldOut.LongWrongCuts == 0),
        new("retake recall >= 75 %", $"{Percent(heldOut.RetakeRecall)} (the spotter heard {heldOut.FlubbersSpotted} of {heldOut.Retakes} markers)", heldOut.RetakeRecall >= 0.75),
        new("no retake clipped by more than 0.3 s", Seconds(heldOut.MaxClipped), heldOut.MaxClipped <= 0.3),
        new("intern precision >= 95 %", Percent(heldOut.InternPrecision), heldOut.InternPrecision >= 0.95),
        new("intern recall >= 75 %", $"{Percent(heldOut.InternRecall)} (the spotter heard {heldOut.InternsSpotted} of {heldOut.InternRequests} markers)", heldOut.InternRecall >= 0.75),
    ];

    public static void WriteTable(IReadOnlyList<EditScore> scores, TextWriter to)
    {
        var rows = new List<EditFigures>();
        foreach (var group in new[] { false, true })
        {
            rows.AddRange(scores.Where(s => s.HeldOut == group).GroupBy(s => s.VoiceId).Select(g => EditFigures.Of(g.Key, g.ToList())));
        }

        var tuning = EditFigures.Of("all tuning voices", scores.Where(s => !s.HeldOut).ToList());
        var heldOut = EditFigures.Of("all held-out voices", scores.Where(s => s.HeldOut).ToList());
        to.WriteLine();
        to.WriteLine("| voice | wrongly removed, marker-free | wrongly removed, all | cuts > 2 s | retakes removed (suggested) | most clipped | markers spotted (flubber, intern) | intern P / R | filler P / R | suggestions | WER | sound-alike neighbours (lowest ratio) |");
        to.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var row in rows.Append(tuning).Append(heldOut))
        {
            var bold = row == tuning || row == heldOut ? "**" : string.Empty;
            to.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {bold}{row.Name}{bold} | {row.TalkWronglyRemoved:F1} s ({Percent(row.TalkWronglyRemovedShare)}) | {row.WronglyRemoved:F1} s ({Percent(row.WronglyRemovedShare)}) | {row.LongWrongCuts} | {row.RetakesRemoved}/{row.Retakes} ({row.RetakesSuggested}) | {Seconds(row.MaxClipped)} | {row.FlubbersSpotted}/{row.Retakes}, {row.InternsSpotted}/{row.InternRequests} | {Percent(row.InternPrecision)} / {Percent(row.InternRecall)} | {Percent(row.FillerPrecision)} / {Percent(row.FillerRecall)} | {row.Suggested} | {Percent(row.WordErrorRate)} | {row.NeighbourAccepted}/{row.NeighbourPairs} ({row.LowestNeighbourRatio?.ToString("F2", CultureInfo.InvariantCulture) ?? "-"}) |"));
        }

        to.WriteLine();
        to.WriteLine("Targets (held-out voices):");
        foreach (var target in Targets(heldOut))
        {
            to.WriteLine($"  {(target.Passed ? "PASS" : "FAIL")}  {target.Name}: {target.Measured}");
        }
    }

    public static async Task WriteJsonAsync(IReadOnlyList<EditScore> scores, string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var heldOut = EditFigures.Of("held-out", scores.Where(s => s.HeldOut).ToList());
        var document = new
        {
            tuning = EditFigures.Of("tuning", scores.Where(s => !s.HeldOut).ToList()),
            heldOut,
            targets = Targets(heldOut),
            recordings = scores,
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document, Json), cancellationToken);
    }

    private static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{share * 100:F1} %");

    private static string Seconds(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds:F2} s");
}
