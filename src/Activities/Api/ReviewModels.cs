namespace EpisodeBuilder.Activities.Api;

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

/// <summary>One planned cut: its id (what <c>keep</c> names), span, reason (flubber, filler, silence, intern) and words.</summary>
public sealed record ReviewCut(string Id, double Start, double End, string Reason, string Text);

/// <summary>A spot flagged for review (a flubber retake or an intern request) and the signed URL of its snippet.</summary>
public sealed record ReviewMarker(string Kind, double Start, double End, string Text, string? SnippetUrl);

/// <summary>The body of <c>POST /api/builds/{id}/review</c>: the cut ids to keep out of the edit, and the approval.</summary>
public sealed record ReviewRequest(IReadOnlyList<string>? Keep, bool? Approve);

/// <summary>The answer to an approval: the build goes on with every planned cut but the kept ones.</summary>
public sealed record ReviewApproved(string BuildId, string Status, IReadOnlyList<string> Keep, int CutsApplied);
