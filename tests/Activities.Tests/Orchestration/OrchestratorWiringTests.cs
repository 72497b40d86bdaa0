using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.InspectUpload;
using EpisodeBuilder.Activities.Tests.Infrastructure;
using EpisodeBuilder.Activities.Tests.Publishing;
using EpisodeBuilder.DurableEngine;
using EpisodeBuilder.Orchestration;
using EpisodeBuilder.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EpisodeBuilder.Activities.Tests.Orchestration;

/// <summary>
/// The real orchestrator, its retry policy and its step deadline, on the in-memory engine, with the first step
/// replaced by one that counts its calls: what is proved is the wiring, not a copy of the predicate.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class OrchestratorWiringTests(StorageFixture storage)
{
    private static EpisodeBuildInput Input(string episode)
    {
        var build = new BuildRef("alice", episode, $"alice.{episode}.{Guid.NewGuid():N}");
        return new EpisodeBuildInput(build, "alice/media/main_content/x.wav", null, null, null, null, [], new CleanupSettings(), -16, new PublishSettings("show", "Title", null, TestShows.Moon));
    }

    private async Task<(OrchestrationMetadata Result, CountingInspect Inspect)> RunAsync(
        Func<int, CancellationToken, Task<InspectUploadOutput>> behaviour, EpisodeBuildInput input, TimeSpan? stepTimeout = null)
    {
        var inspect = new CountingInspect(behaviour);
        var settings = new Dictionary<string, string?>();
        if (stepTimeout is { } timeout)
        {
            settings["Builds:StepTimeout"] = timeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }

        await using var host = await BuildHost.StartAsync(
            storage,
            EngineBackend.InMemory,
            services => services.Replace(ServiceDescriptor.Singleton<IEpisodeActivity<InspectUploadInput, InspectUploadOutput>>(inspect)),
            settings);
        var result = await host.RunAsync(input, TimeSpan.FromMinutes(2));
        return (result, inspect);
    }

    [Fact]
    public async Task A_step_failing_on_invalid_input_is_called_once_and_fails_the_build_naming_the_step()
    {
        var (result, inspect) = await RunAsync((_, _) => throw new InvalidBuildInputException("The recording is not audio."), Input("invalid"));

        Assert.Equal(1, inspect.Calls);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        var progress = result.ReadCustomStatusAs<BuildProgress>()!;
        Assert.Equal(BuildSteps.Inspect, progress.Error!.Step);
        Assert.Contains("not audio", progress.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_until_the_policy_gives_up()
    {
        var (result, inspect) = await RunAsync((_, _) => throw new TransientStorageException("503 from storage", new HttpRequestException("503")), Input("transient"));

        Assert.Equal(RetryPolicies.MediaStepAttempts, inspect.Calls);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(BuildSteps.Inspect, result.ReadCustomStatusAs<BuildProgress>()!.Error!.Step);
    }

    [Fact]
    public async Task A_transient_failure_that_clears_lets_the_step_go_on()
    {
        var (result, inspect) = await RunAsync(
            (call, _) => call < 3
                ? throw new TransientStorageException("dropped connection", new IOException("reset"))
                : throw new InvalidBuildInputException("third call reached: the step was retried twice"),
            Input("clears"));

        Assert.Equal(3, inspect.Calls);
        Assert.Contains("third call reached", result.ReadCustomStatusAs<BuildProgress>()!.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_past_its_deadline_fails_the_build_naming_the_step()
    {
        var (result, inspect) = await RunAsync(
            async (_, _) =>
            {
                // Ignores its token, as a hung tool call would: the deadline must hold all the same.
                await Task.Delay(TimeSpan.FromSeconds(60), CancellationToken.None);
                throw new InvalidOperationException("should have been given up on");
            },
            Input("stuck"),
            stepTimeout: TimeSpan.FromSeconds(3));

        Assert.Equal(1, inspect.Calls);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        var progress = result.ReadCustomStatusAs<BuildProgress>()!;
        Assert.Equal(BuildState.Failed, progress.State);
        Assert.Equal(BuildSteps.Inspect, progress.Error!.Step);
        Assert.Contains("did not finish within 0:00:03", progress.Error.Message, StringComparison.Ordinal);
        Assert.True(result.LastUpdatedAt - result.CreatedAt < TimeSpan.FromSeconds(25), $"ended after {result.LastUpdatedAt - result.CreatedAt}");
    }

    /// <summary>Stands in for the inspect step and counts how often the engine calls it.</summary>
    private sealed class CountingInspect(Func<int, CancellationToken, Task<InspectUploadOutput>> behaviour) : IEpisodeActivity<InspectUploadInput, InspectUploadOutput>
    {
        private int _calls;

        public int Calls => _calls;

        public Task<InspectUploadOutput> RunAsync(InspectUploadInput input, CancellationToken cancellationToken) =>
            behaviour(Interlocked.Increment(ref _calls), cancellationToken);
    }
}
