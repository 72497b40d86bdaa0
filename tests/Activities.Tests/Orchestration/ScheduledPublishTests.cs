using System.Globalization;
using System.Xml.Linq;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.Tests.Infrastructure;
using EpisodeBuilder.Media.Samples;
using EpisodeBuilder.Orchestration;
using EpisodeBuilder.Storage;
using Google.Cloud.Storage.V1;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.Tests.Orchestration;

/// <summary>Scheduled publishing on the real engine (Azure Storage on Azurite): wait on a durable timer, cancel while waiting, publish on time.</summary>
[Collection(StorageCollection.Name)]
public sealed class ScheduledPublishTests(StorageFixture storage) : BuildHostTests(storage, "sam")
{
    [Fact]
    public async Task A_scheduled_build_waits_holding_its_files_is_canceled_while_waiting_and_a_later_one_publishes_dated_at_its_time()
    {
        var sample = await SampleEpisode.UploadAsync(Host.Get<SampleRecordingGenerator>(), Store, User, Dir);
        var retention = Host.Get<IOptions<StorageOptions>>().Value;
        var client = Host.Get<StorageClient>();

        // Two days ahead: everything but the publish runs, then the build waits with its files held past the publish time.
        var far = NewBuild("ep-sched");
        var farAt = DateTime.UtcNow.AddDays(2);
        farAt = new DateTime(farAt.Ticks - (farAt.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        await StartAsync(sample.Input(far) with { PublishAt = farAt });
        var waiting = await Host.WaitForStateAsync(far.BuildId, BuildState.Scheduled);
        Assert.Equal(farAt, waiting.Outputs.ScheduledFor);
        Assert.Equal(BuildSteps.Publish, waiting.Step);
        var feedKey = ObjectKeys.Feed(User, sample.Input(far).Publish.Podcast);
        Assert.Null(await Store.GetAsync(far.Episode(), CancellationToken.None));
        foreach (var held in new[] { "episode.mp3", "transcript.vtt", "transcript.json", "chapters.json" })
        {
            var stored = await client.GetObjectAsync(retention.Bucket, far.Held(held));
            Assert.Equal(new DateTimeOffset(farAt).AddDays(retention.IntermediateRetentionDays), stored.CustomTimeDateTimeOffset);
        }

        // A cancel ends the wait at once; nothing is published.
        await Host.Client.RaiseEventAsync(far.BuildId, EpisodeBuildOrchestrator.CancelEvent, "user");
        var canceled = await CompletedAsync(far.BuildId);
        Assert.Equal(BuildState.Canceled, canceled.State);
        Assert.Null(await Store.GetAsync(far.Episode(), CancellationToken.None));
        Assert.Null(await Store.GetAsync(feedKey, CancellationToken.None));

        // The same episode a little ahead: its steps are the canceled build's, so it waits, then publishes dated at its time.
        var near = NewBuild("ep-sched");
        var nearAt = DateTime.UtcNow.AddSeconds(40);
        nearAt = new DateTime(nearAt.Ticks - (nearAt.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        await StartAsync(sample.Input(near) with { PublishAt = nearAt });
        Assert.Equal(nearAt, (await Host.WaitForStateAsync(near.BuildId, BuildState.Scheduled)).Outputs.ScheduledFor);
        var done = await CompletedAsync(near.BuildId);
        Assert.Equal(BuildState.Completed, done.State);
        Assert.True(DateTime.UtcNow >= nearAt, "the build published before its time");
        var feed = XDocument.Parse((await Store.ReadTextAsync(done.Outputs.Feed!, CancellationToken.None))!.Value.Text);
        var item = Assert.Single(feed.Root!.Element("channel")!.Elements("item"));
        Assert.Equal(nearAt.ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture), (string?)item.Element("pubDate"));
        Assert.NotNull(await Store.GetAsync(done.Outputs.Episode!, CancellationToken.None));
    }

    private Task<string> StartAsync(EpisodeBuildInput input) =>
        Host.Client.ScheduleNewOrchestrationInstanceAsync(EpisodeBuildOrchestrator.Name, input, new StartOrchestrationOptions(input.Build.BuildId));

    private async Task<EpisodeBuildResult> CompletedAsync(string buildId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var done = await Host.Client.WaitForInstanceCompletionAsync(buildId, getInputsAndOutputs: true, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage} {done.SerializedCustomStatus}");
        return done.ReadOutputAs<EpisodeBuildResult>()!;
    }
}
