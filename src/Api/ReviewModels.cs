namespace EpisodeBuilder.Api;

/// <summary>
/// What <c>GET /api/builds/{id}/review</c> shows a build's owner: signed URLs of the recording, its waveform peaks and the
/// cleaned preview, every planned cut and every marker with its snippet. Times are seconds of the recording.
/// </summary>
public sealed record ReviewView(
    string BuildId,
    DateTime? Deadline,
    double DurationSeconds,
    string RecordingUrl,
    string PeaksUrl,
    string PreviewUrl,
    IReadOnlyList<ReviewCut> Cuts,
    IReadOnlyList<ReviewMarker> Markers);

/// <summary>
/// One cut the planner proposes: its id (<c>c…</c> for a confirmed cut, which <c>keep</c> names; <c>s…</c> for a
/// suggestion, which <c>apply</c> names), span, reason (flubber, filler, silence, intern), words, its confidence
/// (<c>confirmed</c>: applied unless kept; <c>suggested</c>: applied only if asked), the evidence found for it and, for a
/// suggestion, why it is not confirmed.
/// </summary>
public sealed record ReviewCut(string Id, double Start, double End, string Reason, string Text, string Confidence = "confirmed", IReadOnlyList<ReviewEvidence>? Evidence = null, string? Doubt = null);

/// <summary>One signal behind a cut (<c>keyword</c>, <c>decoder</c>, <c>pause-before</c>, <c>repeat</c>, …) and its measure.</summary>
public sealed record ReviewEvidence(string Signal, double Score);

/// <summary>A spot flagged for review (a flubber retake or an intern request) and the signed URL of its snippet.</summary>
public sealed record ReviewMarker(string Kind, double Start, double End, string Text, string? SnippetUrl);

/// <summary>The body of <c>POST /api/builds/{id}/review</c>: the cut ids to keep out of the edit, the suggestion ids to apply, and the approval.</summary>
public sealed record ReviewRequest(IReadOnlyList<string>? Keep, bool? Approve, IReadOnlyList<string>? Apply = null);

/// <summary>The answer to an approval: the build goes on with every planned cut but the kept ones, and the applied suggestions.</summary>
public sealed record ReviewApproved(string BuildId, string Status, IReadOnlyList<string> Keep, int CutsApplied, IReadOnlyList<string>? Apply = null);
