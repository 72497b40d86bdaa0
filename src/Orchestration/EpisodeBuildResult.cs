using EpisodeBuilder.Activities.PlanEdits;

namespace EpisodeBuilder.Orchestration;

/// <summary>What a finished build returns to the Durable runtime: keys and figures, never audio.</summary>
public sealed record EpisodeBuildResult(
    BuildState State,
    BuildOutputs Outputs,
    double? DurationSeconds,
    BuildError? Error);

/// <summary>The states a build moves through, as the status endpoint reports them.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<BuildState>))]
public enum BuildState
{
    Pending,

    /// <summary>Accepted, waiting for one of its owner's running builds to end (see <c>Queue:MaxRunningPerUser</c>).</summary>
    Queued,
    Running,
    Completed,
    Failed,
    Canceled,

    /// <summary>The plan, snippets, cleaned preview and peaks exist; the build waits for its owner's approval.</summary>
    AwaitingReview,

    /// <summary>Everything but the publish is done; the build waits for its publish time (<see cref="BuildOutputs.ScheduledFor"/>).</summary>
    Scheduled,
}

/// <summary>The object keys a build has produced so far.</summary>
public sealed record BuildOutputs(
    string? Transcript = null,
    string? Cleaned = null,
    string? Episode = null,
    string? Feed = null,
    IReadOnlyList<string>? Snippets = null,
    string? EditPlan = null,
    string? Source = null,
    string? RecordingPeaks = null,
    string? ReviewedPlan = null,
    string? EpisodePeaks = null,
    DateTime? ReviewDeadline = null,
    EditSummary? Edits = null,
    DateTime? ScheduledFor = null);

/// <summary>Why a build stopped: the step that failed and a message a podcaster can act on.</summary>
public sealed record BuildError(string Step, string Message);
