namespace EpisodeBuilder.Activities.Contract;

/// <summary>The input of a build step: every step knows which build it works for (its keys, its cancel marker).</summary>
public interface IBuildStepInput
{
    BuildRef Build { get; }
}

/// <summary>
/// The input of a build step that returns <typeparamref name="TOutput"/>: the orchestrator calls a step by its input's
/// type (the orchestration's <c>CallStepAsync</c>), so a call with the wrong input or a result read as the wrong type does not compile.
/// </summary>
public interface IBuildStepInput<TOutput> : IBuildStepInput;
