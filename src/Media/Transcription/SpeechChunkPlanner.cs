using EpisodeBuilder.Media.Ffmpeg;

namespace EpisodeBuilder.Media.Transcription;

/// <summary>
/// Splits a recording into consecutive chunks for parallel transcription. Each boundary is the middle of a pause near
/// where an equal split would put it (the nearest clear pause within a quarter of a chunk of that point, else the nearest short one within half), so no word is cut in two;
/// the chunk count is a multiple of the parallelism so every slot gets the same amount of speech.
/// </summary>
public static class SpeechChunkPlanner
{
    /// <summary>Shortest pause a boundary may sit in, in seconds.</summary>
    public const double MinimumPauseSeconds = 0.25;

    /// <summary>A pause long enough to be between sentences, preferred when one is near.</summary>
    public const double ClearPauseSeconds = 0.5;

    public static IReadOnlyList<TimeRange> Plan(double durationSeconds, IReadOnlyList<TimeRange> silences, double chunkSeconds, int parallelism)
    {
        if (durationSeconds <= 0)
        {
            return [];
        }

        var count = (int)Math.Ceiling(durationSeconds / chunkSeconds);
        if (count > 1 && parallelism > 1)
        {
            count = (int)Math.Ceiling((double)count / parallelism) * parallelism;
        }

        // Never split finer than pauses allow: a chunk under a quarter of the target is not worth its overhead.
        count = Math.Max(1, Math.Min(count, (int)Math.Floor(durationSeconds / (chunkSeconds / 4))));
        var size = durationSeconds / count;
        var pauses = silences.Where(s => s.Duration >= MinimumPauseSeconds && s.Start > 0 && s.End < durationSeconds).ToList();
        var chunks = new List<TimeRange>();
        var start = 0.0;
        for (var i = 1; i < count; i++)
        {
            var ideal = i * size;
            var best = Nearest(pauses, ideal, start, size / 4, ClearPauseSeconds) ?? Nearest(pauses, ideal, start, size / 2, MinimumPauseSeconds);

            // Speech with no pause at all for a whole chunk: split where the equal split falls.
            var boundary = best is null ? ideal : Math.Round(Middle(best), 3);
            if (boundary <= start)
            {
                continue;
            }

            chunks.Add(new TimeRange(start, boundary));
            start = boundary;
        }

        chunks.Add(new TimeRange(start, durationSeconds));
        return chunks;
    }

    /// <summary>The pause nearest the ideal boundary, within a window and at least a given length, after the chunk's start.</summary>
    private static TimeRange? Nearest(List<TimeRange> pauses, double ideal, double start, double window, double minimum) =>
        pauses
            .Where(p => p.Duration >= minimum && Middle(p) > start + window && Math.Abs(Middle(p) - ideal) <= window)
            .OrderBy(p => Math.Abs(Middle(p) - ideal))
            .FirstOrDefault();

    private static double Middle(TimeRange pause) => (pause.Start + pause.End) / 2;
}
