using System.Xml.Linq;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.Tests.Infrastructure;
using EpisodeBuilder.Api;
using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Samples;
using EpisodeBuilder.Media.Transcription;
using EpisodeBuilder.Media.Waveform;
using EpisodeBuilder.Orchestration;
using EpisodeBuilder.Storage;
using Microsoft.DurableTask.Client;

namespace EpisodeBuilder.Activities.Tests.Orchestration;

/// <summary>The review gate on the real engine (Azure Storage on Azurite): wait, show, amend, approve, expire.</summary>
[Collection(StorageCollection.Name)]
public sealed class ReviewTests(StorageFixture storage) : BuildHostTests(storage, "alice")
{
    private static readonly HttpClient Http = new();

    private ReviewService Reviews => Host.Get<ReviewService>();

    [Fact]
    public async Task A_reviewed_build_waits_shows_every_cut_and_publishes_the_plan_minus_the_kept_cut()
    {
        var sample = await SampleEpisode.UploadAsync(Host.Get<SampleRecordingGenerator>(), Store, User, Dir);
        var build = NewBuild("ep-review");
        var input = sample.Input(build) with { IntroKey = null, OutroKey = null, Review = new ReviewSettings(TimeSpan.FromMinutes(30)) };
        await Host.Client.ScheduleNewOrchestrationInstanceAsync(EpisodeBuildOrchestrator.Name, input, new Microsoft.DurableTask.StartOrchestrationOptions(build.BuildId));

        var waiting = await Host.WaitForStateAsync(build.BuildId, BuildState.AwaitingReview);
        Assert.Equal(BuildSteps.Review, waiting.Step);
        Assert.Null(await Store.GetAsync(build.Episode(), CancellationToken.None));

        // The review shows every planned cut with an id, the markers' snippets, and signed URLs that answer.
        var shown = await Reviews.ShowAsync(Host.Client, User, build.BuildId, CancellationToken.None);
        var view = Assert.IsType<ReviewView>(shown.Value);
        var plan = EditPlan.FromJson((await Store.ReadTextAsync(waiting.Outputs.EditPlan!, CancellationToken.None))!.Value.Text);
        Assert.Equal(plan.Cuts.Count, view.Cuts.Count);
        Assert.Equal(plan.Cuts.Select((c, i) => ($"c{i + 1}", c.Start, c.End, c.Reason.ToString().ToLowerInvariant())), view.Cuts.Select(c => (c.Id, c.Start, c.End, c.Reason)));
        var flubber = Assert.Single(view.Cuts, c => c.Reason == "flubber");
        Assert.Equal(plan.Markers.Count, view.Markers.Count);
        Assert.All(view.Markers, m => Assert.NotNull(m.SnippetUrl));
        foreach (var url in view.Markers.Select(m => m.SnippetUrl!).Append(view.RecordingUrl).Append(view.PreviewUrl))
        {
            using var response = await Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode}");
        }

        var peaks = WaveformPeaks.FromJson(await Http.GetStringAsync(view.PeaksUrl));
        Assert.InRange(peaks.DurationSeconds, plan.DurationSeconds - 0.1, plan.DurationSeconds + 0.1);

        // Nobody else sees or approves it; nonsense is refused, naming what is wrong.
        Assert.Equal(404, (await Reviews.ShowAsync(Host.Client, "bob", build.BuildId, CancellationToken.None)).Status);
        Assert.Equal(404, (await Reviews.ApproveAsync(Host.Client, "bob", build.BuildId, new ReviewRequest([], true), CancellationToken.None)).Status);
        var unknown = await Reviews.ApproveAsync(Host.Client, User, build.BuildId, new ReviewRequest([flubber.Id, "c999", "x"], true), CancellationToken.None);
        Assert.Equal(400, unknown.Status);
        Assert.Contains("'c999'", unknown.Problem!.Errors!["keep"][0], StringComparison.Ordinal);
        Assert.Contains("'x'", unknown.Problem.Errors["keep"][0], StringComparison.Ordinal);
        Assert.Equal(400, (await Reviews.ApproveAsync(Host.Client, User, build.BuildId, new ReviewRequest([], false), CancellationToken.None)).Status);

        // Approve keeping the flubber cut; a second approval is a conflict.
        var approved = await Reviews.ApproveAsync(Host.Client, User, build.BuildId, new ReviewRequest([flubber.Id], true), CancellationToken.None);
        Assert.Equal(202, approved.Status);
        Assert.Equal(409, (await Reviews.ApproveAsync(Host.Client, User, build.BuildId, new ReviewRequest([], true), CancellationToken.None)).Status);

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var done = await Host.Client.WaitForInstanceCompletionAsync(build.BuildId, getInputsAndOutputs: true, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage} {done.SerializedCustomStatus}");
        var result = done.ReadOutputAs<EpisodeBuildResult>()!;
        Assert.Equal(BuildState.Completed, result.State);
        Assert.Equal(409, (await Reviews.ApproveAsync(Host.Client, User, build.BuildId, new ReviewRequest([], true), CancellationToken.None)).Status);

        // The applied plan is the proposed one without the kept cut, and the episode lasts the recording minus what it cuts.
        var reviewed = EditPlan.FromJson((await Store.ReadTextAsync(result.Outputs.ReviewedPlan!, CancellationToken.None))!.Value.Text);
        Assert.Equal(plan.Cuts.Where(c => c.Reason != CutReason.Flubber), reviewed.Cuts);
        var mp3 = Path.Combine(Dir, "episode.mp3");
        await Store.DownloadToFileAsync(result.Outputs.Episode!, mp3, CancellationToken.None);
        var episode = await Host.Get<AudioInspector>().DurationAsync(mp3, CancellationToken.None);
        var joins = TimeRange.Merge(reviewed.Cuts.Select(c => c.Range)).Count * 0.020; // one 20 ms crossfade per join
        var expected = sample.RecordingSeconds - reviewed.RemovedSeconds - joins;
        Assert.InRange(episode, expected - 0.2, expected + 0.2);
        Assert.True(episode - (sample.RecordingSeconds - plan.RemovedSeconds) > (flubber.End - flubber.Start) * 0.8, "the kept retake is not in the episode");

        // The finished episode has its own peaks; the feed lists it.
        var episodePeaks = WaveformPeaks.FromJson((await Store.ReadTextAsync(result.Outputs.EpisodePeaks!, CancellationToken.None))!.Value.Text);
        Assert.InRange(episodePeaks.DurationSeconds, episode - 0.1, episode + 0.1);
        var feed = XDocument.Parse((await Store.ReadTextAsync(result.Outputs.Feed!, CancellationToken.None))!.Value.Text);
        Assert.Single(feed.Root!.Element("channel")!.Elements("item"));
    }

    [Fact]
    public async Task A_suggested_cut_is_shown_apart_and_applied_only_because_the_review_asks_for_it()
    {
        var sample = await SampleEpisode.UploadAsync(Host.Get<SampleRecordingGenerator>(), Store, User, Dir);

        // The transcript says "uh" over "thanks", at 30 % confidence: too unsure to cut without a person's word.
        var words = sample.Transcript.Words.ToList();
        var thanks = words.Single(w => w.Text == "thanks");
        words.Insert(words.IndexOf(thanks) + 1, new TranscriptWord("uh", thanks.Start, thanks.End, 0.3));
        var transcriptKey = ObjectKeys.Upload(User, "uncertain-transcript.json");
        await Store.WriteTextAsync(transcriptKey, new Transcript("supplied", words).ToJson(), "application/json", WriteCondition.Overwrite, CancellationToken.None);
        var build = NewBuild("ep-suggest");
        var input = sample.Input(build) with { TranscriptKey = transcriptKey, IntroKey = null, OutroKey = null, Review = new ReviewSettings(TimeSpan.FromMinutes(30)) };
        await Host.Client.ScheduleNewOrchestrationInstanceAsync(EpisodeBuildOrchestrator.Name, input, new Microsoft.DurableTask.StartOrchestrationOptions(build.BuildId));

        var waiting = await Host.WaitForStateAsync(build.BuildId, BuildState.AwaitingReview);
        Assert.Equal((1, 1), (waiting.Outputs.Edits!.SuggestionCount, waiting.Outputs.Edits.Suggestions.Count));
        var view = Assert.IsType<ReviewView>((await Reviews.ShowAsync(Host.Client, User, build.BuildId, CancellationToken.None)).Value);
        var suggestion = Assert.Single(view.Cuts, c => c.Confidence == "suggested");
        Assert.Equal(("s1", "filler", thanks.Start, thanks.End), (suggestion.Id, suggestion.Reason, suggestion.Start, suggestion.End));
        Assert.Contains("30%", suggestion.Doubt!.Replace(" %", "%", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal([("decoder", 0.3)], suggestion.Evidence!.Select(e => (e.Signal, e.Score)));
        Assert.All(view.Cuts.Where(c => c.Id.StartsWith('c')), c => Assert.Equal("confirmed", c.Confidence));

        // A suggestion is named by "apply", not "keep"; an unknown one is refused, naming the field.
        var wrong = await Reviews.ApproveAsync(Host.Client, User, build.BuildId, new ReviewRequest(["s1"], true, ["s9"]), CancellationToken.None);
        Assert.Equal(400, wrong.Status);
        Assert.Contains("'s9'", wrong.Problem!.Errors!["apply"][0], StringComparison.Ordinal);
        Assert.Contains("'s1'", wrong.Problem.Errors["keep"][0], StringComparison.Ordinal);
        var approved = await Reviews.ApproveAsync(Host.Client, User, build.BuildId, new ReviewRequest([], true, ["s1"]), CancellationToken.None);
        Assert.Equal(202, approved.Status);

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var done = await Host.Client.WaitForInstanceCompletionAsync(build.BuildId, getInputsAndOutputs: true, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage} {done.SerializedCustomStatus}");
        var result = done.ReadOutputAs<EpisodeBuildResult>()!;
        var planned = EditPlan.FromJson((await Store.ReadTextAsync(result.Outputs.EditPlan!, CancellationToken.None))!.Value.Text);
        var reviewed = EditPlan.FromJson((await Store.ReadTextAsync(result.Outputs.ReviewedPlan!, CancellationToken.None))!.Value.Text);
        var applied = Assert.Single(reviewed.Cuts, c => c.Reason == CutReason.Filler);
        Assert.Equal((CutConfidence.Confirmed, "reviewer"), (applied.Confidence, applied.Evidence[^1].Signal));
        Assert.Empty(reviewed.Suggestions);
        Assert.Equal(planned.Cuts.Count + 1, reviewed.Cuts.Count);

        // The episode lost the applied suggestion's span on top of the planned cuts.
        var mp3 = Path.Combine(Dir, "suggested.mp3");
        await Store.DownloadToFileAsync(result.Outputs.Episode!, mp3, CancellationToken.None);
        var episode = await Host.Get<AudioInspector>().DurationAsync(mp3, CancellationToken.None);
        var joins = TimeRange.Merge(reviewed.Cuts.Select(c => c.Range)).Count * 0.020;
        Assert.InRange(episode, sample.RecordingSeconds - reviewed.RemovedSeconds - joins - 0.2, sample.RecordingSeconds - reviewed.RemovedSeconds - joins + 0.2);
        Assert.True(reviewed.RemovedSeconds - planned.RemovedSeconds > (thanks.End - thanks.Start) * 0.8, "the applied suggestion is still in the episode");
    }

    [Fact]
    public async Task A_review_left_past_its_deadline_ends_canceled_and_publishes_nothing()
    {
        var sample = await SampleEpisode.UploadAsync(Host.Get<SampleRecordingGenerator>(), Store, User, Dir);
        var build = NewBuild("ep-expire");
        var input = sample.Input(build) with { Review = new ReviewSettings(TimeSpan.FromSeconds(3)) };

        var done = await Host.RunAsync(input);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var result = done.ReadOutputAs<EpisodeBuildResult>()!;
        Assert.Equal(BuildState.Canceled, result.State);
        Assert.Equal(BuildSteps.Review, result.Error!.Step);
        Assert.Contains("Nobody approved the review within 3 s", result.Error.Message, StringComparison.Ordinal);
        Assert.Null(result.Outputs.Episode);
        Assert.Null(await Store.GetAsync(build.Episode(), CancellationToken.None));
        Assert.Null(await Store.GetAsync(ObjectKeys.Feed(User, "moonshow"), CancellationToken.None));
        Assert.Equal(409, (await Reviews.ApproveAsync(Host.Client, User, build.BuildId, new ReviewRequest([], true), CancellationToken.None)).Status);
        var progress = done.ReadCustomStatusAs<BuildProgress>()!;
        Assert.Equal(StepState.Canceled, progress.Steps.Single(s => s.Name == BuildSteps.Review).Status);
        Assert.All(progress.Steps.Where(s => s.Name is BuildSteps.Merge or BuildSteps.Encode or BuildSteps.Publish), s => Assert.Equal(StepState.Pending, s.Status));
    }

    [Fact]
    public async Task An_approval_whose_event_was_lost_is_raised_again_when_the_same_decision_is_retried()
    {
        var sample = await SampleEpisode.UploadAsync(Host.Get<SampleRecordingGenerator>(), Store, User, Dir);
        var build = NewBuild("ep-retry");
        var input = sample.Input(build) with { IntroKey = null, OutroKey = null, Review = new ReviewSettings(TimeSpan.FromMinutes(30)) };
        await Host.Client.ScheduleNewOrchestrationInstanceAsync(EpisodeBuildOrchestrator.Name, input, new Microsoft.DurableTask.StartOrchestrationOptions(build.BuildId));
        await Host.WaitForStateAsync(build.BuildId, BuildState.AwaitingReview);
        var view = Assert.IsType<ReviewView>((await Reviews.ShowAsync(Host.Client, User, build.BuildId, CancellationToken.None)).Value);
        var flubber = Assert.Single(view.Cuts, c => c.Reason == "flubber");
        var client = new RaiseFailsOnceClient(Host.Client);

        // The decision is recorded, then raising it fails: the build still waits.
        await Assert.ThrowsAsync<HttpRequestException>(() => Reviews.ApproveAsync(client, User, build.BuildId, new ReviewRequest([flubber.Id], true), CancellationToken.None));
        Assert.NotNull(await Store.GetAsync(build.File(ReviewService.DecisionFile), CancellationToken.None));
        Assert.Equal(BuildState.AwaitingReview, (await Host.WaitForStateAsync(build.BuildId, BuildState.AwaitingReview)).State);

        // A different decision is refused; the same one is raised again and the build goes on with it.
        Assert.Equal(409, (await Reviews.ApproveAsync(client, User, build.BuildId, new ReviewRequest([], true), CancellationToken.None)).Status);
        Assert.Equal(202, (await Reviews.ApproveAsync(client, User, build.BuildId, new ReviewRequest([flubber.Id], true), CancellationToken.None)).Status);
        Assert.Equal(1, client.Delivered);

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var done = await Host.Client.WaitForInstanceCompletionAsync(build.BuildId, getInputsAndOutputs: true, timeout.Token);
        var result = done.ReadOutputAs<EpisodeBuildResult>()!;
        Assert.True(result.State == BuildState.Completed, $"{done.RuntimeStatus}: {done.SerializedCustomStatus}");
        var reviewed = EditPlan.FromJson((await Store.ReadTextAsync(result.Outputs.ReviewedPlan!, CancellationToken.None))!.Value.Text);
        Assert.DoesNotContain(reviewed.Cuts, c => c.Reason == CutReason.Flubber);
    }
}
