using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Orchestration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Orchestration.Workers;

/// <summary>
/// Runs one build step for whichever host dispatched it (the Functions app's activity triggers, or the local
/// engine's worker): the step's token is canceled when the host stops or the build is canceled from any process
/// (<see cref="CancelMarkers"/>), and the result records which worker ran it.
/// </summary>
public sealed class StepRunner(IServiceProvider services, CancelMarkers markers, WorkerIdentity worker, IOptions<BuildOptions> options, ILogger<StepRunner> logger)
{
    /// <summary>Runs the step that takes <typeparamref name="TInput"/> (its declaring class, or a stand-in a test registered).</summary>
    public async Task<StepRun<TOutput>> RunAsync<TInput, TOutput>(TInput input, CancellationToken stopping)
        where TInput : IBuildStepInput<TOutput>
    {
        var activity = services.GetRequiredService<IEpisodeActivity<TInput, TOutput>>();
        var name = activity.GetType().Name;
        logger.LogInformation("Build {BuildId}: {Step} runs on {Worker}", input.Build.BuildId, name, worker.Name);
        if (activity is IUninterruptibleActivity)
        {
            // Publishing is never interrupted by a cancel: a build publishes the episode and its feed item together or not at all.
            return new StepRun<TOutput>(await activity.RunAsync(input, stopping), worker.Name);
        }

        // The step's deadline: past it the step is stopped (its tools killed) and fails for good, naming itself, so
        // no build waits for ever on a stuck step.
        var timeout = options.Value.StepTimeout;
        using var deadline = new CancellationTokenSource(timeout);
        using var stoppingOrLate = CancellationTokenSource.CreateLinkedTokenSource(stopping, deadline.Token);
        await using var watch = markers.WatchFor(input.Build, stoppingOrLate.Token);
        try
        {
            // WaitAsync: a step that ignores its token is still given up on at the deadline (its token is canceled).
            return new StepRun<TOutput>(await activity.RunAsync(input, watch.Token).WaitAsync(deadline.Token), worker.Name);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            logger.LogWarning("Build {BuildId}: {Step} passed its deadline of {Timeout} and was stopped", input.Build.BuildId, name, timeout);
            throw new StepTimedOutException(name, timeout);
        }
        catch (OperationCanceledException) when (watch.Token.IsCancellationRequested && !stoppingOrLate.IsCancellationRequested)
        {
            // Only the build's cancel marker cancels the watch without the host stopping or the deadline passing.
            throw new StepCanceledException(name);
        }
    }
}
