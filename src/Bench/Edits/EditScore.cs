using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Transcription;

namespace EpisodeBuilder.Bench.Edits;

/// <summary>How one retake fared: whether the plan removed it, whether only as a suggestion, and how much of the take that stays it clipped.</summary>
public sealed record RetakeOutcome(double At, bool Removed, bool Suggested, double ClippedSeconds, double LeftSeconds);

/// <summary>
/// The plan of one labelled recording scored against its ground truth. Applied cuts are what an automatic build
/// publishes; suggestions are counted apart.
/// </summary>
public sealed record EditScore(
    string RecordingId,
    string VoiceId,
    bool HeldOut,
    string Kind,
    string Condition,
    double MustStaySeconds,
    double WronglyRemovedSeconds,
    int LongWrongCuts,
    IReadOnlyList<RetakeOutcome> Retakes,
    int InternRequests,
    int InternFound,
    int InternCuts,
    int InternCutsRight,
    int Fillers,
    int FillersFound,
    int FillerCuts,
    int FillerCutsRight,
    int SuggestedCuts,
    int ReferenceWords,
    int WordErrors)
{
    /// <summary>For ordinary talk: how much each sentence sounds like the start of the next (<see cref="Media.Editing.AcousticRepeat.Ratio"/>).</summary>
    public IReadOnlyList<double> NeighbourRatios { get; init; } = [];

    /// <summary>The "flubber" markers said that the keyword spotter heard at all: no retake whose marker it missed can be found.</summary>
    public int FlubbersSpotted { get; init; }

    /// <summary>The intern requests whose "intern" the keyword spotter heard at all: the ceiling of intern recall.</summary>
    public int InternsSpotted { get; init; }

    /// <summary>How far from a marker's labelled span a spotter's hit may lie to count as hearing it.</summary>
    private const double SpottedReachSeconds = 0.3;

    /// <summary>A retake counts as removed when the applied cuts take at least this share of its first take and its marker.</summary>
    public const double RemovedShare = 0.8;

    /// <summary>A cut on ordinary speech longer than this is the kind a listener cannot miss.</summary>
    public const double LongCutSeconds = 2.0;

    public static EditScore Of(LabelledRecording recording, EditPlan plan, Transcript transcript)
    {
        var applied = TimeRange.Merge(plan.Cuts.Select(c => c.Range));
        var suggested = TimeRange.Merge(plan.Suggestions.Select(c => c.Range));
        var spans = recording.Spans;
        var mustStay = spans.Where(s => s.MustStay).ToList();
        var wrongly = mustStay.Sum(s => Overlap(applied, s.Start, s.End));
        var longWrong = plan.Cuts.Count(c => mustStay.Sum(s => Overlap([c.Range], s.Start, s.End)) > LongCutSeconds
            || (c.Reason != CutReason.Silence && c.Range.Duration > LongCutSeconds && recording.Kind == "talk"));

        var retakes = new List<RetakeOutcome>();
        for (var i = 0; i + 2 < spans.Count; i++)
        {
            if (spans[i].Kind != SpanKind.FirstTake)
            {
                continue;
            }

            var (take, marker, retake) = (spans[i], spans[i + 1], spans[i + 2]);
            var length = take.Duration + marker.Duration;
            var taken = Overlap(applied, take.Start, take.End) + Overlap(applied, marker.Start, marker.End);
            var offered = Overlap(suggested, take.Start, take.End) + Overlap(suggested, marker.Start, marker.End);
            retakes.Add(new RetakeOutcome(
                Math.Round(take.Start, 2),
                taken >= RemovedShare * length,
                taken < RemovedShare * length && offered >= RemovedShare * length,
                Math.Round(Overlap(applied, retake.Start, retake.End), 3),
                Math.Round(length - taken, 3)));
        }

        var interns = spans.Where(s => s.Kind == SpanKind.Intern).ToList();
        var internCuts = plan.Cuts.Where(c => c.Reason == CutReason.Intern).ToList();
        var fillers = spans.Where(s => s.Kind == SpanKind.Filler).ToList();
        var fillerCuts = plan.Cuts.Where(c => c.Reason == CutReason.Filler).ToList();
        var (words, errors) = CountWordErrors(spans, transcript);
        return new EditScore(
            recording.Id,
            recording.VoiceId,
            recording.HeldOut,
            recording.Kind,
            recording.Condition,
            Math.Round(mustStay.Sum(s => s.Duration), 3),
            Math.Round(wrongly, 3),
            longWrong,
            retakes,
            interns.Count,
            interns.Count(s => Overlap(applied, s.Start, s.End) >= RemovedShare * s.Duration),
            internCuts.Count,
            internCuts.Count(c => interns.Any(s => Overlap([c.Range], s.Start, s.End) >= 0.5 * c.Range.Duration)),
            fillers.Count,
            fillers.Count(s => fillerCuts.Any(c => Overlap([c.Range], s.Start, s.End) >= 0.5 * s.Duration)),
            fillerCuts.Count,
            fillerCuts.Count(c => fillers.Any(s => Overlap([c.Range], s.Start, s.End) >= 0.5 * c.Range.Duration)),
            plan.Suggestions.Count,
            words,
            errors)
        {
            FlubbersSpotted = spans.Count(s => s.Kind == SpanKind.Flubber && Spotted(transcript, "flubber", s)),
            InternsSpotted = interns.Count(s => Spotted(transcript, "intern", s)),
        };
    }

    /// <summary>Whether the keyword spotter has a hit for <paramref name="word"/> whose middle lies in the span's first part.</summary>
    private static bool Spotted(Transcript transcript, string word, LabelledSpan span) =>
        (transcript.KeywordHits ?? []).Any(h => h.Text == word && (h.Start + h.End) / 2 >= span.Start - SpottedReachSeconds
            && (h.Start + h.End) / 2 <= Math.Min(span.End, span.Start + 1.0) + SpottedReachSeconds);

    /// <summary>Seconds of <paramref name="ranges"/> (merged, in order) inside [start, end).</summary>
    public static double Overlap(IEnumerable<TimeRange> ranges, double start, double end) =>
        ranges.Sum(r => Math.Max(0, Math.Min(r.End, end) - Math.Max(r.Start, start)));

    /// <summary>The word-level edit distance between what was said and the transcript's words, and how many words were said.</summary>
    public static (int Words, int Errors) CountWordErrors(IReadOnlyList<LabelledSpan> spans, Transcript transcript)
    {
        var reference = spans.SelectMany(s => Words(s.Text)).ToArray();
        var heard = transcript.Words.SelectMany(w => Words(w.Text)).ToArray();
        var previous = Enumerable.Range(0, heard.Length + 1).ToArray();
        for (var i = 1; i <= reference.Length; i++)
        {
            var current = new int[heard.Length + 1];
            current[0] = i;
            for (var j = 1; j <= heard.Length; j++)
            {
                var substitution = previous[j - 1] + (reference[i - 1] == heard[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            previous = current;
        }

        return (reference.Length, previous[heard.Length]);
    }

    private static IEnumerable<string> Words(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(c => char.IsLetter(c) || c == '\'').ToArray()).ToLowerInvariant())
            .Where(w => w.Length > 0);
}
