namespace EpisodeBuilder.Activities.Contract;

/// <summary>
/// What a step returns to the orchestrator: its output, and which worker process ran it (shown in the step
/// timeline, so a person or a test can see a build's steps spread over instances). <paramref name="Reused"/>: the output is
/// an earlier build's result for the same inputs, taken instead of running the step (see <see cref="IReusableActivity"/>).
/// </summary>
public sealed record StepRun<TOutput>(TOutput Output, string Worker, bool Reused = false);
