using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.InspectUpload;
using EpisodeBuilder.Activities.Tests.Infrastructure;
using EpisodeBuilder.Activities.Tests.Publishing;
using EpisodeBuilder.Activities.TranscribeChunk;
using EpisodeBuilder.DurableEngine;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Orchestration;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EpisodeBuilder.Activities.Tests.Orchestration;

/// <summary>
/// The real orchestrator and progress tracker on the in-memory engine, with inspect replaced by one that plans three
/// chunks and the chunk step by one that finishes only when the test lets it: the status must count the chunks as they
/// land, which is what a person watching an hour's transcription sees move.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class FanOutProgressTests(StorageFixture storage)
{
    [Fact]
    public async Task Transcription_progress_counts_chunks_as_they_finish()
    {
        using var chunks = new GatedChunks();
        await using var host = await BuildHost.StartAsync(
            storage,
            EngineBackend.InMemory,
            services => services
                .Replace(ServiceDescriptor.Singleton<IEpisodeActivity<InspectUploadInput, InspectUploadOutput>>(new ThreeChunkInspect()))
                .Replace(ServiceDescriptor.Singleton<IEpisodeActivity<TranscribeChunkInput, TranscribeChunkOutput>>(chunks)));
        var build = new BuildRef("alice", "fan-out", $"alice.fan-out.{Guid.NewGuid():N}");
        var input = new EpisodeBuildInput(build, "alice/media/main_content/x.wav", null, null, null, null, [], new CleanupSettings(), -16, new PublishSettings("show", "Title", null, TestShows.Moon));
        await host.Client.ScheduleNewOrchestrationInstanceAsync(EpisodeBuildOrchestrator.Name, input, new Microsoft.DurableTask.StartOrchestrationOptions(build.BuildId));

        var started = await WaitForPartsAsync(host, build.BuildId, done: 0);
        Assert.Equal(new StepParts(0, 3), started.Steps.Single(s => s.Name == BuildSteps.Transcribe).Parts);
        Assert.Equal(5, started.Progress);

        chunks.FinishOne();
        var one = await WaitForPartsAsync(host, build.BuildId, done: 1);
        Assert.Equal(StepState.Running, one.Steps.Single(s => s.Name == BuildSteps.Transcribe).Status);
        Assert.Equal(5 + (20 / 3), one.Progress);

        chunks.FinishOne();
        var two = await WaitForPartsAsync(host, build.BuildId, done: 2);
        Assert.Equal(5 + (40 / 3), two.Progress);

        chunks.FinishOne();
        var all = await WaitForPartsAsync(host, build.BuildId, done: 3);
        Assert.Equal(new StepParts(3, 3), all.Steps.Single(s => s.Name == BuildSteps.Transcribe).Parts);
        Assert.Equal(3, chunks.Calls);
    }

    private static async Task<BuildProgress> WaitForPartsAsync(BuildHost host, string buildId, int done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var metadata = await host.Client.GetInstanceAsync(buildId, getInputsAndOutputs: true);
            var progress = metadata?.SerializedCustomStatus is null ? null : metadata.ReadCustomStatusAs<BuildProgress>();
            if (progress?.Steps.Single(s => s.Name == BuildSteps.Transcribe).Parts?.Done == done)
            {
                return progress;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the transcription never showed {done} chunks done: {metadata?.SerializedCustomStatus}");
            await Task.Delay(100);
        }
    }

    /// <summary>Stands in for inspect: a ten-minute recording planned as three chunks.</summary>
    private sealed class ThreeChunkInspect : IEpisodeActivity<InspectUploadInput, InspectUploadOutput>
    {
        public Task<InspectUploadOutput> RunAsync(InspectUploadInput input, CancellationToken cancellationToken) =>
            Task.FromResult(new InspectUploadOutput(
                input.Build.File("source.wav"), input.Build.File("speech.wav"), input.Build.File("analysis.json"), 600, "wav", "pcm_s16le", 48000, 1,
                [new TimeRange(0, 200), new TimeRange(200, 400), new TimeRange(400, 600)]));
    }

    /// <summary>Stands in for the chunk step: each call finishes only when the test releases one.</summary>
    private sealed class GatedChunks : IEpisodeActivity<TranscribeChunkInput, TranscribeChunkOutput>, IDisposable
    {
        private readonly SemaphoreSlim _gate = new(0);
        private int _calls;

        public int Calls => _calls;

        public void FinishOne() => _gate.Release();

        public void Dispose() => _gate.Dispose();

        public async Task<TranscribeChunkOutput> RunAsync(TranscribeChunkInput input, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            await _gate.WaitAsync(cancellationToken);
            return new TranscribeChunkOutput(input.Build.File($"transcript-chunk-{input.Index:D4}.json"), 0);
        }
    }
}
