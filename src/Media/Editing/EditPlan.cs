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

/// <summary>How sure the planner is of a cut: confirmed cuts are applied, suggested ones only when a reviewer asks.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CutConfidence>))]
public enum CutConfidence
{
    Confirmed,
    Suggested,
}

/// <summary>
/// One signal behind a cut and its measure: <c>transcript</c> (a supplied transcript's word), <c>keyword</c> (the
/// spotter's probability), <c>decoder</c> (the recogniser heard the word too: its confidence), <c>decoder-alike</c> (the
/// recogniser wrote words that sound exactly like it: their lowest confidence), <c>pause-before</c> and <c>pause-after</c>
/// (seconds), <c>repeat</c> (share of the take's words the retake says again), <c>sound-repeat</c> (how much less the
/// retake costs to match with the take than other speech does), <c>silence</c> (seconds).
/// </summary>
public sealed record CutEvidence(string Signal, double Score);

/// <summary>One span removed from the content, with why, what was said there and how sure the planner is.</summary>
public sealed record EditCut(double Start, double End, CutReason Reason, string Text)
{
    public TimeRange Range => new(Start, End);

    public CutConfidence Confidence { get; init; } = CutConfidence.Confirmed;

    /// <summary>The signals found for it, with their measures.</summary>
    public IReadOnlyList<CutEvidence> Evidence { get; init; } = [];

    /// <summary>Why a suggested cut is not confirmed, in words a reviewer reads; null for a confirmed cut.</summary>
    public string? Doubt { get; init; }

    /// <summary>Two cuts are equal when every figure and every piece of evidence is.</summary>
    public bool Equals(EditCut? other) =>
        other is not null && Start == other.Start && End == other.End && Reason == other.Reason && Text == other.Text
        && Confidence == other.Confidence && Doubt == other.Doubt && Evidence.SequenceEqual(other.Evidence);

    public override int GetHashCode() => HashCode.Combine(Start, End, Reason, Text, Confidence, Doubt);
}

/// <summary>A spot flagged for review (a flubber retake or an intern request), exported as a snippet.</summary>
/// <param name="Kind"><c>flubber</c> or <c>intern</c>.</param>
/// <param name="Start">Where it starts, in seconds of the recording.</param>
/// <param name="End">Where it ends.</param>
/// <param name="Text">The retaken take or the request.</param>
/// <param name="Suggested">The planner found the marker but not the evidence to act on it: its cut, if any, is a suggestion.</param>
public sealed record EditMarker(string Kind, double Start, double End, string Text, bool Suggested = false);

/// <summary>
/// Every edit the build applies, stored with the build so the frontend can show each cut and its reason.
/// Times refer to the working audio the plan was made from.
/// </summary>
public sealed record EditPlan(double DurationSeconds, IReadOnlyList<EditCut> Cuts, IReadOnlyList<EditMarker> Markers)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Cuts the evidence does not confirm: shown in a review, applied only when its owner asks for them.</summary>
    public IReadOnlyList<EditCut> Suggestions { get; init; } = [];

    public double RemovedSeconds => TimeRange.Merge(Cuts.Select(c => c.Range)).Sum(r => r.Duration);

    /// <summary>The id a review names the cut at <paramref name="index"/> by: <c>c1</c>, <c>c2</c>, … in plan order.</summary>
    public static string CutId(int index) => $"c{index + 1}";

    /// <summary>The id a review names the suggestion at <paramref name="index"/> by: <c>s1</c>, <c>s2</c>, … in plan order.</summary>
    public static string SuggestionId(int index) => $"s{index + 1}";

    /// <summary>Every cut with its id.</summary>
    [JsonIgnore]
    public IEnumerable<(string Id, EditCut Cut)> IdentifiedCuts => Cuts.Select((c, i) => (CutId(i), c));

    /// <summary>Every suggestion with its id.</summary>
    [JsonIgnore]
    public IEnumerable<(string Id, EditCut Cut)> IdentifiedSuggestions => Suggestions.Select((c, i) => (SuggestionId(i), c));

    /// <summary>The ids in <paramref name="ids"/> that name no cut of this plan.</summary>
    public IReadOnlyList<string> UnknownCutIds(IEnumerable<string> ids) => Unknown(ids, IdentifiedCuts);

    /// <summary>The ids in <paramref name="ids"/> that name no suggestion of this plan.</summary>
    public IReadOnlyList<string> UnknownSuggestionIds(IEnumerable<string> ids) => Unknown(ids, IdentifiedSuggestions);

    /// <summary>
    /// This plan as a reviewer decided it: without the cuts they chose to keep (their audio stays in the episode), with
    /// the suggestions they chose to apply (now confirmed, by them); markers unchanged.
    /// </summary>
    public EditPlan Reviewed(IEnumerable<string> keptCutIds, IEnumerable<string> appliedSuggestionIds)
    {
        var kept = keptCutIds.ToHashSet(StringComparer.Ordinal);
        var applied = appliedSuggestionIds.ToHashSet(StringComparer.Ordinal);
        var confirmed = IdentifiedSuggestions.Where(s => applied.Contains(s.Id))
            .Select(s => s.Cut with { Confidence = CutConfidence.Confirmed, Evidence = [.. s.Cut.Evidence, new CutEvidence("reviewer", 1)] });
        return this with
        {
            Cuts = IdentifiedCuts.Where(c => !kept.Contains(c.Id)).Select(c => c.Cut).Concat(confirmed).OrderBy(c => c.Start).ToList(),
            Suggestions = IdentifiedSuggestions.Where(s => !applied.Contains(s.Id)).Select(s => s.Cut).ToList(),
        };
    }

    private static List<string> Unknown(IEnumerable<string> ids, IEnumerable<(string Id, EditCut Cut)> known)
    {
        var names = known.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        return ids.Where(id => !names.Contains(id)).Distinct(StringComparer.Ordinal).ToList();
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static EditPlan FromJson(string json) =>
        JsonSerializer.Deserialize<EditPlan>(json, Json) ?? throw new FormatException("empty edit plan");
}
