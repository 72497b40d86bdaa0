using EpisodeBuilder.Activities.Contract;
using Microsoft.DurableTask;

namespace EpisodeBuilder.Orchestration;

/// <summary>
/// The orchestrator's typed call of a step: the input's type names the activity (see <see cref="BuildActivities"/>) and
/// fixes the result's type, so no activity is called by a string.
/// </summary>
public static class BuildStepCalls
{
    public static Task<StepRun<TOutput>> CallStepAsync<TOutput>(this TaskOrchestrationContext context, IBuildStepInput<TOutput> input, TaskOptions? options = null) =>
        context.CallActivityAsync<StepRun<TOutput>>(BuildActivities.ForInput(input.GetType()).Name, input, options);
}
