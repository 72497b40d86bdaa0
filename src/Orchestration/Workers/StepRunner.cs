using System.Text.Json;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.Reuse;
using EpisodeBuilder.Orchestration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Orchestration.Workers;

/// <summary>
/// Runs one build step for whichever host dispatched it (the Functions app's activity triggers, or the local
/// engine's worker): the step's token is canceled when the host stops or the build is canceled from any process
/// (<see cref="CancelMarkers"/>), and the result records which worker ran it. A reusable step
/// (<see cref="IReusableActivity"/>) whose inputs an earlier build of the same user gave it already returns that build's
/// result without running; a reusable step that runs keeps its result for later builds.
/// </summary>
public sealed class StepRunner(IServiceProvider services, CancelMarkers markers, WorkerIdentity worker, StepResults results, IOptions<BuildOptions> options, ILogger<StepRunner> logger)
{
    /// <summary>Runs the step that takes <typeparamref name="TInput"/> (its declaring class, or a stand-in a test registered).</summary>
    public async Task<StepRun<TOutput>> RunAsync<TInput, TOutput>(TInput input, CancellationToken stopping)
        where TInput : IBuildStepInput<TOutput>
    {
        var activity = services.GetRequiredService<IEpisodeActivity<TInput, TOutput>>();
        var name = activity.GetType().Name;
        var reuse = results.Enabled ? activity as IReusableActivity : null;
        string? key = null;
        if (reuse is not null)
        {
            // A lookup storage fails costs this step its reuse (it runs, and keeps nothing), never the build.
            var declared = BuildActivities.ForInput(typeof(TInput)).Name;
            try
            {
                key = await results.KeyAsync(declared, reuse, input, stopping);
                if (await results.FindAsync(input.Build.UserId, declared, key, stopping) is { } earlier)
                {
                    logger.LogInformation("Build {BuildId}: {Step} reuses the result of the same inputs ({Key})", input.Build.BuildId, name, key);
                    return new StepRun<TOutput>(JsonSerializer.Deserialize<TOutput>(earlier, StepResults.Json)!, worker.Name, Reused: true);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Build {BuildId}: looking up an earlier result of {Step} failed; it runs", input.Build.BuildId, name);
                key = null;
            }
        }

        var run = await RunOnceAsync<TInput, TOutput>(activity, name, input, stopping);
        if (reuse is not null && key is not null)
        {
            // A result that cannot be kept costs a later build a rerun, never this build its step.
            try
            {
                await results.RememberAsync(input.Build.UserId, BuildActivities.ForInput(typeof(TInput)).Name, key, run.Output!, stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Build {BuildId}: the result of {Step} was not kept for reuse", input.Build.BuildId, name);
            }
        }

        return run;
    }

    private async Task<StepRun<TOutput>> RunOnceAsync<TInput, TOutput>(IEpisodeActivity<TInput, TOutput> activity, string name, TInput input, CancellationToken stopping)
        where TInput : IBuildStepInput<TOutput>
    {
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
