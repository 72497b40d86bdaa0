namespace EpisodeBuilder.Orchestration;

/// <summary>
/// A step ran past its deadline (<see cref="BuildOptions.StepTimeout"/>) and was stopped. Not retried: a step that
/// took that long once would take as long again, so its build fails naming the step instead of running for ever.
/// </summary>
public sealed class StepTimedOutException(string step, TimeSpan timeout)
    : Exception($"{step} did not finish within {timeout:g} (Builds:StepTimeout) and was stopped.")
{
    public string Step { get; } = step;
}
