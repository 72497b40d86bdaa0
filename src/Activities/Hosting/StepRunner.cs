using EpisodeBuilder.Activities.Builds;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Activities.Hosting;

/// <summary>
/// Runs one build step for whichever host dispatched it (the Functions app's activity triggers, or the local
/// engine's worker): the step's token is canceled when the host stops or the build is canceled from any process
/// (<see cref="CancelMarkers"/>), and the result records which worker ran it.
/// </summary>
public sealed class StepRunner(CancelMarkers markers, WorkerIdentity worker, ILogger<StepRunner> logger)
{
    public async Task<StepRun<TOutput>> RunAsync<TInput, TOutput>(IEpisodeActivity<TInput, TOutput> activity, TInput input, CancellationToken stopping)
        where TInput : IBuildStepInput
    {
        var name = activity.GetType().Name;
        logger.LogInformation("Build {BuildId}: {Step} runs on {Worker}", input.Build.BuildId, name, worker.Name);
        if (activity is IUninterruptibleActivity)
        {
            // Publishing is never interrupted by a cancel: a build publishes the episode and its feed item together or not at all.
            return new StepRun<TOutput>(await activity.RunAsync(input, stopping), worker.Name);
        }

        await using var watch = markers.WatchFor(input.Build, stopping);
        return new StepRun<TOutput>(await activity.RunAsync(input, watch.Token), worker.Name);
    }
}

/// <summary>A step that a cancel does not interrupt once it has started (publishing).</summary>
public interface IUninterruptibleActivity;
