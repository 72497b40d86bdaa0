using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.Tests.Infrastructure;
using EpisodeBuilder.Media.Samples;
using EpisodeBuilder.Orchestration;
using EpisodeBuilder.Orchestration.Workers;
using EpisodeBuilder.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.DurableTask.Client;

namespace EpisodeBuilder.Activities.Tests.Orchestration;

/// <summary>
/// A build whose steps would get the inputs an earlier build of the same user gave them takes that build's results instead
/// of running them, on the real engine: all of them when nothing changed, only what follows a changed input otherwise.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class StepReuseTests(StorageFixture storage) : IAsyncLifetime
{
    private const string User = "alice";
    private readonly string _dir = Directory.CreateTempSubdirectory("reuse-test-").FullName;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();
    private BuildHost _host = null!;

    public async Task InitializeAsync() => _host = await BuildHost.StartAsync(storage, replace: services => services.AddLogging(l => l
        .AddProvider(new RecordingLoggerProvider(_log))
        .AddFilter<RecordingLoggerProvider>(typeof(StepRunner).FullName, LogLevel.Information)));

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private ObjectStore Store => _host.Get<ObjectStore>();

    private static BuildRef NewBuild(string episode) => new(User, episode, $"{User}.{episode}.{Guid.NewGuid():N}");

    private static readonly SegmentRequest Sponsor = new("sponsor", "This episode is brought to you by the moon.", SegmentPosition.AfterIntro);

    [Fact]
    public async Task A_second_build_of_the_same_inputs_reuses_every_step_before_publish_and_publishes_the_same_audio()
    {
        var sample = await SampleEpisode.UploadAsync(_host.Get<SampleRecordingGenerator>(), Store, User, _dir);
        var (first, firstSteps) = await BuildAsync(sample.Input(NewBuild("ep1"), [Sponsor]));
        Assert.DoesNotContain(firstSteps, s => s.Reused);

        var (second, secondSteps) = await BuildAsync(sample.Input(NewBuild("ep1"), [Sponsor]));
        var ran = secondSteps.Where(s => s.Status == StepState.Completed && !s.Reused).Select(s => s.Name).ToList();
        Assert.Equal([BuildSteps.Publish], ran);
        Assert.All(secondSteps.Where(s => s.Reused), s => Assert.Null(s.Worker));
        Assert.Equal(await BytesAsync(first.Outputs.Episode!), await BytesAsync(second.Outputs.Episode!));
    }

    [Fact]
    public async Task A_rebuild_of_an_unchanged_recording_schedules_no_transcription()
    {
        var sample = await SampleEpisode.UploadAsync(_host.Get<SampleRecordingGenerator>(), Store, User, _dir);
        var first = NewBuild("ep1");
        await BuildAsync(sample.Input(first) with { TranscriptKey = null });
        Assert.NotEmpty(StepsLogged(first, "TranscribeChunkActivity"));

        var second = NewBuild("ep1");
        var (_, steps) = await BuildAsync(sample.Input(second) with { TranscriptKey = null });
        Assert.True(steps.Single(s => s.Name == BuildSteps.Transcribe).Reused);
        Assert.Empty(StepsLogged(second, "TranscribeChunkActivity"));
        Assert.Empty(StepsLogged(second, "TranscribeActivity"));
    }

    [Fact]
    public async Task A_review_decision_is_an_input_keeping_a_cut_reruns_what_follows_the_plan_and_the_same_decision_reuses_all()
    {
        var sample = await SampleEpisode.UploadAsync(_host.Get<SampleRecordingGenerator>(), Store, User, _dir);
        EpisodeBuildInput Reviewed() => sample.Input(NewBuild("ep1")) with { Review = new ReviewSettings(TimeSpan.FromMinutes(30)) };
        await ReviewedBuildAsync(Reviewed(), keepFlubber: false);

        var kept = await ReviewedBuildAsync(Reviewed(), keepFlubber: true);
        Assert.Equal(
            [BuildSteps.Inspect, BuildSteps.Transcribe, BuildSteps.PlanEdits, BuildSteps.ExportSnippets, BuildSteps.CleanAudio],
            kept.Where(s => s.Reused).Select(s => s.Name));
        Assert.Equal(
            [BuildSteps.Review, BuildSteps.Merge, BuildSteps.Chapters, BuildSteps.Encode, BuildSteps.Peaks, BuildSteps.Publish],
            kept.Where(s => s.Status == StepState.Completed && !s.Reused).Select(s => s.Name));

        // The first decision again: the review waits for it, and everything after it was made before.
        var again = await ReviewedBuildAsync(Reviewed(), keepFlubber: false);
        Assert.Equal([BuildSteps.Review, BuildSteps.Publish], again.Where(s => s.Status == StepState.Completed && !s.Reused).Select(s => s.Name));
    }

    private async Task<IReadOnlyList<StepProgress>> ReviewedBuildAsync(EpisodeBuildInput input, bool keepFlubber)
    {
        var reviews = _host.Get<Api.ReviewService>();
        await _host.Client.ScheduleNewOrchestrationInstanceAsync(EpisodeBuildOrchestrator.Name, input, new Microsoft.DurableTask.StartOrchestrationOptions(input.Build.BuildId));
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while ((await _host.Client.GetInstanceAsync(input.Build.BuildId, getInputsAndOutputs: true)) is not { SerializedCustomStatus: not null } status || status.ReadCustomStatusAs<BuildProgress>()!.State != BuildState.AwaitingReview)
        {
            Assert.True(DateTime.UtcNow < deadline, "the build never waited for review");
            await Task.Delay(200);
        }

        var view = Assert.IsType<Api.ReviewView>((await reviews.ShowAsync(_host.Client, User, input.Build.BuildId, CancellationToken.None)).Value);
        IReadOnlyList<string> keep = keepFlubber ? [view.Cuts.Single(c => c.Reason == "flubber").Id] : [];
        Assert.Equal(202, (await reviews.ApproveAsync(_host.Client, User, input.Build.BuildId, new Api.ReviewRequest(keep, true), CancellationToken.None)).Status);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var done = await _host.Client.WaitForInstanceCompletionAsync(input.Build.BuildId, getInputsAndOutputs: true, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        return done.ReadCustomStatusAs<BuildProgress>()!.Steps;
    }

    // What the step runner logged of one activity for one build: a line for each time it was scheduled.
    private List<string> StepsLogged(BuildRef build, string activity) =>
        _log.Where(m => m.StartsWith($"Build {build.BuildId}: {activity} ", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task A_changed_segment_text_reruns_the_segment_and_what_follows_it_and_reuses_the_rest()
    {
        var sample = await SampleEpisode.UploadAsync(_host.Get<SampleRecordingGenerator>(), Store, User, _dir);
        await BuildAsync(sample.Input(NewBuild("ep1"), [Sponsor]));

        var (_, steps) = await BuildAsync(sample.Input(NewBuild("ep1"), [Sponsor with { Text = "This episode is brought to you by the sun." }]));
        Assert.Equal(
            [BuildSteps.Inspect, BuildSteps.Transcribe, BuildSteps.PlanEdits, BuildSteps.ExportSnippets],
            steps.Where(s => s.Reused).Select(s => s.Name));
        Assert.Equal(
            [BuildSteps.GenerateSegments, BuildSteps.Merge, BuildSteps.Chapters, BuildSteps.Encode, BuildSteps.Peaks, BuildSteps.Publish],
            steps.Where(s => s.Status == StepState.Completed && !s.Reused).Select(s => s.Name));
    }

    [Fact]
    public async Task A_result_whose_objects_are_gone_is_not_reused()
    {
        var sample = await SampleEpisode.UploadAsync(_host.Get<SampleRecordingGenerator>(), Store, User, _dir);
        var (first, _) = await BuildAsync(sample.Input(NewBuild("ep1")));
        Assert.True(await Store.DeleteAsync(first.Outputs.Source!, null, CancellationToken.None));

        var (_, steps) = await BuildAsync(sample.Input(NewBuild("ep1")));
        Assert.False(steps.Single(s => s.Name == BuildSteps.Inspect).Reused);
    }

    private async Task<(EpisodeBuildResult Result, IReadOnlyList<StepProgress> Steps)> BuildAsync(EpisodeBuildInput input)
    {
        var metadata = await _host.RunAsync(input);
        Assert.True(metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage}");
        return (metadata.ReadOutputAs<EpisodeBuildResult>()!, metadata.ReadCustomStatusAs<BuildProgress>()!.Steps);
    }

    private async Task<byte[]> BytesAsync(string key)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N"));
        await Store.DownloadToFileAsync(key, path, CancellationToken.None);
        return await File.ReadAllBytesAsync(path);
    }
}
