using EpisodeBuilder.Activities.Builds;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.Hosting;

/// <summary>
/// Runs one build step for whichever host dispatched it (the Functions app's activity triggers, or the local
/// engine's worker): the step's token is canceled when the host stops or the build is canceled from any process
/// (<see cref="CancelMarkers"/>), and the result records which worker ran it.
/// </summary>
public sealed class StepRunner(CancelMarkers markers, WorkerIdentity worker, IOptions<BuildOptions> options, ILogger<StepRunner> logger)
{
    public async Task<StepRun<TOutput>> RunAsync<TInput, TOutput>(IEpisodeActivity<TInput, TOutput> activity, TInput input, CancellationToken stopping)
        where TInput : IBuildStepInput
    {
        var name = activity.GetType().Name;
        logger.LogInformation("Build {BuildId}: {Step} runs on {Worker}", input.Build.BuildId, name, worker.Name);
        try
        {
            return await RunStepAsync(activity, input, name, stopping);
        }
        finally
        {
            if (options.Value.CollectAfterStep)
            {
                CollectGarbage(input.Build.BuildId, name);
            }
        }
    }

    private async Task<StepRun<TOutput>> RunStepAsync<TInput, TOutput>(IEpisodeActivity<TInput, TOutput> activity, TInput input, string name, CancellationToken stopping)
        where TInput : IBuildStepInput
    {
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
    }

    /// <summary>
    /// A full, compacting collection that decommits what it frees, then the native heap's free pages handed back (see
    /// <see cref="BuildOptions.CollectAfterStep"/>).
    /// </summary>
    private void CollectGarbage(string buildId, string step)
    {
        var before = GC.GetTotalMemory(forceFullCollection: false);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();
        logger.LogDebug(
            "Build {BuildId}: after {Step}, collected the heap from {Before} to {After} bytes in {Elapsed} ms",
            buildId, step, before, GC.GetTotalMemory(forceFullCollection: false), clock.ElapsedMilliseconds);
    }
}

/// <summary>A step that a cancel does not interrupt once it has started (publishing).</summary>
public interface IUninterruptibleActivity;
