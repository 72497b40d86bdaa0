using EpisodeBuilder.Activities.Contract;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;

namespace EpisodeBuilder.Orchestration.Workers;

/// <summary>
/// Lets a Durable Task worker run the step that takes <typeparamref name="TInput"/>, through the same
/// <see cref="StepRunner"/> the Functions app's activity triggers use. The step stops when the host stops or its build
/// is canceled.
/// </summary>
public sealed class DurableActivityAdapter<TInput, TOutput>(StepRunner runner, IHostApplicationLifetime lifetime)
    : TaskActivity<TInput, StepRun<TOutput>>
    where TInput : IBuildStepInput<TOutput>
{
    public override Task<StepRun<TOutput>> RunAsync(TaskActivityContext context, TInput input) =>
        runner.RunAsync<TInput, TOutput>(input, lifetime.ApplicationStopping);
}
