namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>A span of audio in seconds, start inclusive, end exclusive.</summary>
public sealed record TimeRange(double Start, double End)
{
    public double Duration => End - Start;

    /// <summary>Sorts ranges and merges the ones that overlap or touch.</summary>
    public static IReadOnlyList<TimeRange> Merge(IEnumerable<TimeRange> ranges)
    {
        var merged = new List<TimeRange>();
        foreach (var range in ranges.Where(r => r.End > r.Start).OrderBy(r => r.Start))
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                merged[^1] = merged[^1] with { End = Math.Max(merged[^1].End, range.End) };
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }
}
