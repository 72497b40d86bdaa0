using System.Text.Json;
using System.Text.Json.Serialization;
using EpisodeBuilder.Media.Ffmpeg;

namespace EpisodeBuilder.Media.Editing;

/// <summary>Why a span is cut.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CutReason>))]
public enum CutReason
{
    Flubber,
    Filler,
    Silence,
    Intern,
}

/// <summary>One span removed from the content, with why and what was said there.</summary>
public sealed record EditCut(double Start, double End, CutReason Reason, string Text)
{
    public TimeRange Range => new(Start, End);
}

/// <summary>A spot flagged for review (a flubber retake or an intern request), exported as a snippet.</summary>
public sealed record EditMarker(string Kind, double Start, double End, string Text);

/// <summary>
/// Every edit the build applies, stored with the build so the frontend can show each cut and its reason.
/// Times refer to the working audio the plan was made from.
/// </summary>
public sealed record EditPlan(double DurationSeconds, IReadOnlyList<EditCut> Cuts, IReadOnlyList<EditMarker> Markers)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public double RemovedSeconds => TimeRange.Merge(Cuts.Select(c => c.Range)).Sum(r => r.Duration);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static EditPlan FromJson(string json) =>
        JsonSerializer.Deserialize<EditPlan>(json, Json) ?? throw new FormatException("empty edit plan");
}
