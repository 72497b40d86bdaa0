namespace EpisodeBuilder.Activities.Builds;

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
    BuildError? Error);

/// <summary>One step's state and timing, taken from the orchestration clock, and the worker process(es) that ran it.</summary>
public sealed record StepProgress(string Name, StepState Status, DateTime? StartedAt, DateTime? FinishedAt, string? Worker = null);

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
