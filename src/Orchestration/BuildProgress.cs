namespace EpisodeBuilder.Orchestration;

/// <summary>
/// The orchestration's custom status: what the status endpoint shows while a build runs. Kept small
/// (keys and timestamps only) because the Durable runtime caps custom status at 16 KB.
/// </summary>
public sealed record BuildProgress(
    BuildState State,
    string? Step,
    int Progress,
    IReadOnlyList<StepProgress> Steps,
    BuildOutputs Outputs,
    BuildError? Error,
    int? QueuePosition = null);

/// <summary>
/// One step's state and timing, taken from the orchestration clock, the worker process(es) that ran it, and for a step that
/// fans out (chunks transcribed, segments generated) how many of its parts have finished. <c>Reused</c>: the step did not
/// run, its result is an earlier build's for the same inputs (no worker ran it, so <c>Worker</c> is null).
/// </summary>
public sealed record StepProgress(string Name, StepState Status, DateTime? StartedAt, DateTime? FinishedAt, string? Worker = null, StepParts? Parts = null, bool Reused = false);

/// <summary>How many of a fanned-out step's parts have finished, of how many: an hour's transcription is 20-odd chunks.</summary>
public sealed record StepParts(int Done, int Total);

/// <summary>The states of one step.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<StepState>))]
public enum StepState
{
    Pending,
    Running,
    Completed,
    Skipped,
    Failed,
    Canceled,
}
