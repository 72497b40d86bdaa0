namespace EpisodeBuilder.Activities.Contract;

/// <summary>
/// What a step returns to the orchestrator: its output, and which worker process ran it (shown in the step
/// timeline, so a person or a test can see a build's steps spread over instances).
/// </summary>
public sealed record StepRun<TOutput>(TOutput Output, string Worker);
