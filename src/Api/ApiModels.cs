using System.Text.Json;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Orchestration;

namespace EpisodeBuilder.Api;

/// <summary>
/// The body of <c>POST /api/episodes/{episodeId}/builds</c>, as the frontend sends it. <c>MusicBed</c> is the bed's key, or
/// <c>{ key, levelDb, duckDb }</c> (see <see cref="MusicBedBody"/>).
/// </summary>
public sealed record StartBuildRequest(
    string? Recording,
    string? Transcript,
    string? Intro,
    string? Outro,
    JsonElement? MusicBed,
    IReadOnlyList<SegmentBody>? Segments,
    CleanupBody? Cleanup,
    double? LoudnessLufs,
    PublishBody? Publish,
    bool? Review = null);

/// <summary>A music bed with its levels: its gain in the pauses (dB, -40 to 0) and how much further it ducks under speech (dB, 0 to 40).</summary>
public sealed record MusicBedBody(string? Key, double? LevelDb, double? DuckDb);

/// <summary>One AI segment in a build request; <c>position</c> is "after-intro", "before-outro" or seconds.</summary>
public sealed record SegmentBody(string? Id, string? Text, JsonElement? Position);

/// <summary>Cleanup switches in a build request.</summary>
public sealed record CleanupBody(bool? Flubber, bool? Fillers, double? MaxSilenceSeconds, double? MaxAutomaticCutShare = null);

/// <summary>
/// Publishing details in a build request: the episode's title and description, its Apple episode type
/// (<c>full</c>, <c>trailer</c>, <c>bonus</c>), explicit flag, season and number, the show (required for a podcast's first
/// episode), and <c>At</c>: a future time (with its UTC offset, at most a year ahead) to publish at instead of at once.
/// </summary>
public sealed record PublishBody(
    string? Podcast,
    string? Title,
    string? Description,
    ShowBody? Show = null,
    string? EpisodeType = null,
    bool? Explicit = null,
    int? Season = null,
    int? Episode = null,
    DateTimeOffset? At = null,
    bool? ChaptersInNotes = null,
    string? Image = null,
    string? Channels = null);

/// <summary>The show a podcast's feed describes, in a build request (see <see cref="ShowSettings"/>).</summary>
public sealed record ShowBody(
    string? Title,
    string? Description,
    string? Author,
    string? OwnerName,
    string? OwnerEmail,
    string? ImageUrl,
    string? Category,
    string? Subcategory = null,
    bool? Explicit = null,
    bool? Locked = null,
    string? Link = null,
    string? Type = null,
    string? Language = null,
    string? NewFeedUrl = null,
    bool? Block = null,
    bool? Complete = null,
    string? Image = null);

/// <summary>The answer to a started build; <c>QueuePosition</c> 0 when it runs at once, otherwise its place in its owner's line.</summary>
public sealed record BuildStarted(string BuildId, string StatusUrl, string CancelUrl, int QueuePosition = 0);

/// <summary>
/// A build as the status endpoint shows it. <c>Stalled</c>: its status has not moved since <c>StalledSince</c> for longer
/// than a step's deadline (or its review's) plus <c>Builds:StallMargin</c> (see <see cref="BuildStall"/>). <c>RetryOf</c>: the failed or
/// canceled build this one retries (<c>POST /api/builds/{buildId}/retry</c>).
/// </summary>
public sealed record BuildStatus(
    string BuildId,
    string EpisodeId,
    BuildState Status,
    string? Step,
    int Progress,
    IReadOnlyList<StepProgress> Steps,
    BuildOutputs Outputs,
    string? EpisodeUrl,
    BuildError? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    string? EpisodePeaksUrl = null,
    bool Stalled = false,
    DateTimeOffset? StalledSince = null,
    int? QueuePosition = null,
    string? RetryOf = null);

/// <summary>The body of <c>POST /api/episodes/{episodeId}/snippets</c>.</summary>
public sealed record SnippetRequest(string? Source, double? Start, double? End);

/// <summary>An exported snippet and the signed URL that plays it.</summary>
public sealed record SnippetCreated(string Key, string Url, DateTimeOffset ExpiresAt);

/// <summary>The body of <c>POST /api/uploads</c>.</summary>
public sealed record UploadRequest(string? FileName, string? ContentType);

/// <summary>Where and how the frontend uploads a file straight to GCS.</summary>
public sealed record UploadTicket(string Key, string UploadUrl, string Method, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ExpiresAt);

/// <summary>One page of builds, newest first, and the <c>pageToken</c> of the next page (null on the last).</summary>
public sealed record BuildPage(IReadOnlyList<BuildStatus> Builds, string? NextPageToken);
