using EpisodeBuilder.Activities.Contract;

namespace EpisodeBuilder.Orchestration;

/// <summary>
/// Everything the orchestrator needs to build one episode: object keys and small settings only, so the
/// orchestration history stays small and replay-safe. Created once by the HTTP starter after validation.
/// <c>InLine</c>: the build joined its owner's line when it was accepted (as every build the API starts does), so it
/// takes its turn before its first step and leaves the line when it ends; false for a build started without the line,
/// whose history holds no turn to replay. <c>RetryOf</c>: the failed or canceled build this one retries with the same
/// input (its finished steps are reused, see <c>IReusableActivity</c>). <c>PublishAt</c> (UTC): the build does everything
/// but the publish, then waits in <see cref="BuildState.Scheduled"/> for that time, which becomes the item's <c>pubDate</c>.
/// <c>BedLevels</c>: how loud the music bed plays in the pauses and how far it ducks under speech (defaults when null).
/// </summary>
public sealed record EpisodeBuildInput(
    BuildRef Build,
    string RecordingKey,
    string? TranscriptKey,
    string? IntroKey,
    string? OutroKey,
    string? MusicBedKey,
    IReadOnlyList<SegmentRequest> Segments,
    CleanupSettings Cleanup,
    double? LoudnessLufs,
    PublishSettings Publish,
    ReviewSettings? Review = null,
    bool InLine = false,
    string? RetryOf = null,
    DateTime? PublishAt = null,
    EpisodeBuilder.Media.Ffmpeg.BedLevels? BedLevels = null);

/// <summary>
/// A build that waits for its owner's approval after the edit plan and the cleaned preview exist, for at most
/// <paramref name="Deadline"/> (then it ends <see cref="BuildState.Canceled"/> and publishes nothing).
/// </summary>
public sealed record ReviewSettings(TimeSpan Deadline);

/// <summary>An AI (text-to-speech) segment to generate and insert into the episode.</summary>
public sealed record SegmentRequest(string Id, string Text, SegmentPosition Position);
