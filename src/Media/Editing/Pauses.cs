using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Transcription;

namespace EpisodeBuilder.Media.Editing;

/// <summary>
/// The pauses a plan is made from, in time order: the silences and pauses measured when the recording was decoded, and for a
/// transcript whose word times are exact (supplied, not recognised) also the gaps between its words. A recogniser's word
/// gaps are not pauses (its times drift by a word's length), but where it heard a word there is no pause: a pause found
/// relative to the noise floor loses what lies inside a recognised word (less <see cref="WordEdgeSeconds"/> at each end),
/// since a level threshold under a music bed takes a word's soft syllables for quiet. A word does not break such a pause
/// when it lies mostly inside it (<see cref="HeardInQuietShare"/> of it) or holds a phrase pause's length of its quiet:
/// under a bed the recogniser hears words in the music and stretches a word over the quiet after it, while a soft
/// syllable is shorter than a pause and a word that is quiet from end to end was not said.
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
        _pauses = TimeRange.Merge(silences.Concat(_recognised is null ? pauses : WithoutWords(pauses, _recognised, minimumSeconds)).Concat(gaps));
    }

    /// <summary>
    /// The pauses around a spotted marker: the recognised words that overlap it are the marker misheard ("oh", "love her"
    /// for "flubber"), so they do not take away the pauses beside it. Only the pauses within <see cref="AroundSeconds"/>
    /// of the marker are measured again; the rest are this recording's.
    /// </summary>
    public Pauses Around(TranscriptWord marker)
    {
        if (_recognised is null)
        {
            return this;
        }

        var (from, to) = (marker.Start - AroundSeconds, marker.End + AroundSeconds);
        bool Near(TimeRange p) => p.End >= from && p.Start <= to;
        var words = Overlapping(_recognised, from, to).Where(w => w.End <= marker.Start || w.Start >= marker.End).ToList();
        var local = TimeRange.Merge(_silences.Where(Near).Concat(WithoutWords(_relative.Where(Near).ToList(), words, _minimumSeconds)).Concat(_gaps.Where(Near)));
        return new Pauses(TimeRange.Merge(_pauses.Where(p => !Near(p)).Concat(local.Where(Near))));
    }

    /// <summary>How far from a marker its take, its retake and their pauses can lie: the retake's reach and more.</summary>
    public const double AroundSeconds = 30;

    private Pauses(IReadOnlyList<TimeRange> pauses) =>
        (_pauses, _silences, _relative, _gaps, _recognised, _minimumSeconds) = (pauses, [], [], [], null, 0);

    /// <summary>How much of a recognised word's edges a pause may keep: its times are approximate.</summary>
    public const double WordEdgeSeconds = 0.06;

    /// <summary>The share of a recognised word that, measured as quiet, leaves the pause around it whole.</summary>
    private const double HeardInQuietShare = 0.8;

    /// <summary>The longest a recognised word is looked for before a pause it may overlap.</summary>
    private const double LongestWordSeconds = 10;

    /// <summary>The words (in start order) that may overlap [<paramref name="from"/>, <paramref name="to"/>), found by binary search.</summary>
    private static IEnumerable<TranscriptWord> Overlapping(IReadOnlyList<TranscriptWord> words, double from, double to)
    {
        var (low, high) = (0, words.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = words[middle].Start < from - LongestWordSeconds ? (middle + 1, high) : (low, middle);
        }

        for (var i = low; i < words.Count && words[i].Start < to; i++)
        {
            if (words[i].End > from)
            {
                yield return words[i];
            }
        }
    }

    private static List<TimeRange> WithoutWords(IReadOnlyList<TimeRange> pauses, IReadOnlyList<TranscriptWord> words, double minimumSeconds)
    {
        var kept = new List<TimeRange>();
        foreach (var pause in pauses)
        {
            var pieces = new List<TimeRange> { pause };
            foreach (var word in Overlapping(words, pause.Start + WordEdgeSeconds, pause.End - WordEdgeSeconds))
            {
                var quiet = Math.Min(word.End, pause.End) - Math.Max(word.Start, pause.Start);
                if (quiet >= HeardInQuietShare * (word.End - word.Start) || quiet >= minimumSeconds)
                {
                    continue;
                }

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
