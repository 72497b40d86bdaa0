namespace EpisodeBuilder.Orchestration;

/// <summary>
/// A step was stopped because its build was canceled (its cancel marker appeared). Not retried, and the orchestrator
/// ends the build Canceled when it sees it, whether the failure or the cancel event reaches it first.
/// </summary>
public sealed class StepCanceledException(string step)
    : Exception($"{step} was stopped because the build was canceled.")
{
    public string Step { get; } = step;
}
