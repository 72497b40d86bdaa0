using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Transcription;

namespace EpisodeBuilder.Media.Editing;

/// <summary>
/// The pauses a plan is made from, in time order: the silences measured when the recording was decoded, and for a
/// transcript whose word times are exact (supplied, not recognised) also the gaps between its words. A recogniser's word
/// gaps are not pauses: its times drift by a word's length.
/// </summary>
public sealed class Pauses
{
    private readonly IReadOnlyList<TimeRange> _pauses;

    public Pauses(IReadOnlyList<TimeRange> silences, Transcript transcript, double minimumSeconds, double durationSeconds)
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

        _pauses = TimeRange.Merge(silences.Concat(gaps));
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
