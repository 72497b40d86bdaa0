using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Transcription;

namespace EpisodeBuilder.Media.Editing;

/// <summary>
/// The pauses a plan is made from, in time order: the silences and pauses measured when the recording was decoded, and for a
/// transcript whose word times are exact (supplied, not recognised) also the gaps between its words. A recogniser's word
/// gaps are not pauses (its times drift by a word's length), but where it heard a word there is no pause: a pause found
/// relative to the noise floor loses what lies inside a recognised word (less <see cref="WordEdgeSeconds"/> at each end),
/// since a level threshold under a music bed takes a word's soft syllables for quiet.
/// </summary>
public sealed class Pauses
{
    private readonly IReadOnlyList<TimeRange> _pauses;
    private readonly IReadOnlyList<TimeRange> _silences;
    private readonly IReadOnlyList<TimeRange> _relative;
    private readonly IReadOnlyList<TimeRange> _gaps;
    private readonly IReadOnlyList<TranscriptWord>? _recognised;
    private readonly double _minimumSeconds;

    /// <summary>
    /// The pauses of a recording: its <paramref name="silences"/> (below an absolute level: nothing was said) whole, and its
    /// <paramref name="pauses"/> relative to its noise floor, less what a recogniser heard as words.
    /// </summary>
    public Pauses(IReadOnlyList<TimeRange> silences, IReadOnlyList<TimeRange> pauses, Transcript transcript, double minimumSeconds, double durationSeconds)
    {
        var gaps = new List<TimeRange>();
        if (!transcript.Recognised)
        {
            var previousEnd = 0.0;
            foreach (var word in transcript.Words)
            {
                if (word.Start - previousEnd >= minimumSeconds)
                {
                    gaps.Add(new TimeRange(previousEnd, word.Start));
                }

                previousEnd = Math.Max(previousEnd, word.End);
            }

            if (durationSeconds - previousEnd >= minimumSeconds)
            {
                gaps.Add(new TimeRange(previousEnd, durationSeconds));
            }
        }

        (_silences, _relative, _gaps, _recognised, _minimumSeconds) = (silences, pauses, gaps, transcript.Recognised ? transcript.Words : null, minimumSeconds);
        _pauses = Measure(_recognised);
    }

    private Pauses(Pauses all, IReadOnlyList<TranscriptWord>? words)
    {
        (_silences, _relative, _gaps, _recognised, _minimumSeconds) = (all._silences, all._relative, all._gaps, words, all._minimumSeconds);
        _pauses = Measure(words);
    }

    /// <summary>
    /// The pauses around a spotted marker: the recognised words that overlap it are the marker misheard ("oh", "love her"
    /// for "flubber"), so they do not take away the pauses beside it.
    /// </summary>
    public Pauses Around(TranscriptWord marker) =>
        _recognised is null ? this : new Pauses(this, _recognised.Where(w => w.End <= marker.Start || w.Start >= marker.End).ToList());

    private IReadOnlyList<TimeRange> Measure(IReadOnlyList<TranscriptWord>? words) =>
        TimeRange.Merge(_silences.Concat(words is null ? _relative : WithoutWords(_relative, words, _minimumSeconds)).Concat(_gaps));

    /// <summary>How much of a recognised word's edges a pause may keep: its times are approximate.</summary>
    public const double WordEdgeSeconds = 0.06;

    private static List<TimeRange> WithoutWords(IReadOnlyList<TimeRange> pauses, IReadOnlyList<TranscriptWord> words, double minimumSeconds)
    {
        var kept = new List<TimeRange>();
        foreach (var pause in pauses)
        {
            var pieces = new List<TimeRange> { pause };
            foreach (var word in words.Where(w => w.End - WordEdgeSeconds > pause.Start && w.Start + WordEdgeSeconds < pause.End))
            {
                var (from, to) = (word.Start + WordEdgeSeconds, word.End - WordEdgeSeconds);
                pieces = pieces.SelectMany(p => to <= p.Start || from >= p.End
                    ? [p]
                    : new[] { new TimeRange(p.Start, Math.Max(p.Start, from)), new TimeRange(Math.Min(p.End, to), p.End) }).ToList();
            }

            // A pause that lost a piece keeps only the parts that are still pauses; one no word touched stays whole.
            kept.AddRange(pieces.Count == 1 ? pieces : pieces.Where(p => p.Duration >= minimumSeconds));
        }

        return kept;
    }

    public IReadOnlyList<TimeRange> All => _pauses;

    /// <summary>The pause that ends closest to <paramref name="time"/>, within <paramref name="reach"/> of it either way.</summary>
    public TimeRange? EndingNear(double time, double reach) =>
        _pauses.Where(p => Math.Abs(p.End - time) <= reach).OrderBy(p => Math.Abs(p.End - time)).FirstOrDefault();

    /// <summary>The pause that starts closest to <paramref name="time"/>, within <paramref name="reach"/> of it either way.</summary>
    public TimeRange? StartingNear(double time, double reach) =>
        _pauses.Where(p => Math.Abs(p.Start - time) <= reach).OrderBy(p => Math.Abs(p.Start - time)).FirstOrDefault();

    /// <summary>Pauses that end inside [from, to), latest first.</summary>
    public IEnumerable<TimeRange> EndingBetween(double from, double to) =>
        _pauses.Where(p => p.End >= from && p.End < to).Reverse();

    /// <summary>The first pause at least <paramref name="minimum"/> long that starts inside [from, to].</summary>
    public TimeRange? FirstStartingBetween(double from, double to, double minimum) =>
        _pauses.FirstOrDefault(p => p.Start >= from && p.Start <= to && p.Duration >= minimum);
}
