using System.Text.Json;
using System.Text.Json.Serialization;

namespace EpisodeBuilder.Media.Editing;

/// <summary>What a stretch of the finished episode is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TimelinePartKind>))]
public enum TimelinePartKind
{
    Intro,
    Segment,
    Content,
    Outro,
}

/// <summary>
/// One part of the episode as the merge laid it: where it starts in the episode and how long it lasts; for a content
/// part also where it starts on the cleaned content's clock (a segment placed inside the content splits it in two).
/// </summary>
public sealed record TimelinePart(TimelinePartKind Kind, double Start, double Duration, string? SegmentId = null, double ContentStart = 0)
{
    public double End => Start + Duration;
}

/// <summary>
/// The finished episode's parts in order, as the merge concatenated them (no gaps, no overlaps). With the
/// <see cref="ContentClock"/> it puts any moment of the recording on the episode's clock: for the published transcript,
/// the chapters and their ID3 frames.
/// </summary>
public sealed record EpisodeTimeline(IReadOnlyList<TimelinePart> Parts)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public double DurationSeconds => Parts.Count == 0 ? 0 : Parts[^1].End;

    /// <summary>Builds the timeline of parts laid end to end in the given order, from their durations.</summary>
    public static EpisodeTimeline Lay(IEnumerable<(TimelinePartKind Kind, double Duration, string? SegmentId, double ContentStart)> parts)
    {
        var laid = new List<TimelinePart>();
        var at = 0.0;
        foreach (var (kind, duration, segmentId, contentStart) in parts)
        {
            laid.Add(new TimelinePart(kind, at, duration, segmentId, contentStart));
            at += duration;
        }

        return new EpisodeTimeline(laid);
    }

    /// <summary>The episode time of a content time, or null when no content part holds it.</summary>
    public double? ToEpisode(double contentSeconds)
    {
        // Called once per transcript word: a plain scan, no allocation. The last content part also takes its end.
        TimelinePart? last = null;
        foreach (var part in Parts)
        {
            if (part.Kind != TimelinePartKind.Content)
            {
                continue;
            }

            if (contentSeconds >= part.ContentStart - 1e-6 && contentSeconds < part.ContentStart + part.Duration)
            {
                return part.Start + Math.Max(0, contentSeconds - part.ContentStart);
            }

            last = part;
        }

        return last is not null && contentSeconds >= last.ContentStart && contentSeconds <= last.ContentStart + last.Duration + 1e-3
            ? last.Start + (contentSeconds - last.ContentStart)
            : null;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static EpisodeTimeline FromJson(string json) =>
        JsonSerializer.Deserialize<EpisodeTimeline>(json, Json) ?? throw new InvalidDataException("The episode timeline is empty.");
}
