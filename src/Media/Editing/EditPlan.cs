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

    /// <summary>The id a review names the cut at <paramref name="index"/> by: <c>c1</c>, <c>c2</c>, … in plan order.</summary>
    public static string CutId(int index) => $"c{index + 1}";

    /// <summary>Every cut with its id.</summary>
    public IEnumerable<(string Id, EditCut Cut)> IdentifiedCuts => Cuts.Select((c, i) => (CutId(i), c));

    /// <summary>The ids in <paramref name="ids"/> that name no cut of this plan.</summary>
    public IReadOnlyList<string> UnknownCutIds(IEnumerable<string> ids)
    {
        var known = IdentifiedCuts.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        return ids.Where(id => !known.Contains(id)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>This plan without the cuts a reviewer chose to keep (their audio stays in the episode); markers unchanged.</summary>
    public EditPlan Keeping(IEnumerable<string> keptCutIds)
    {
        var kept = keptCutIds.ToHashSet(StringComparer.Ordinal);
        return this with { Cuts = IdentifiedCuts.Where(c => !kept.Contains(c.Id)).Select(c => c.Cut).ToList() };
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static EditPlan FromJson(string json) =>
        JsonSerializer.Deserialize<EditPlan>(json, Json) ?? throw new FormatException("empty edit plan");
}
