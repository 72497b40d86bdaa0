using System.Text.Json;
using EpisodeBuilder.Activities.CleanAudio;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.EncodeEpisode;
using EpisodeBuilder.Activities.ExportSnippets;
using EpisodeBuilder.Activities.GenerateSegment;
using EpisodeBuilder.Activities.InspectUpload;
using EpisodeBuilder.Activities.MergeEpisode;
using EpisodeBuilder.Activities.PlanEdits;
using EpisodeBuilder.Activities.PublishEpisode;
using EpisodeBuilder.Activities.Publishing;
using EpisodeBuilder.Activities.Tests.Infrastructure;
using EpisodeBuilder.Activities.Tests.Publishing;
using EpisodeBuilder.Activities.Transcribe;
using EpisodeBuilder.Activities.TranscribeChunk;
using EpisodeBuilder.Activities.WriteChapters;
using EpisodeBuilder.Api.Hosting;
using EpisodeBuilder.Media;
using EpisodeBuilder.Media.Samples;
using EpisodeBuilder.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EpisodeBuilder.Activities.Tests.Orchestration;

/// <summary>
/// Runs every step of a build on a different "instance": its own service provider and its own workspace root,
/// which is deleted (like a recycled machine's /tmp) before the next step runs. Steps exchange only the JSON of
/// their input and output records, so nothing but object keys and small figures can pass between them.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class InstanceIsolationTests(StorageFixture storage)
{
    private readonly List<string> _roots = [];

    private static T RoundTrip<T>(T value)
    {
        var json = JsonSerializer.Serialize(value);
        Assert.DoesNotContain(Path.GetTempPath(), json, StringComparison.Ordinal);
        Assert.DoesNotContain("/work/", json, StringComparison.Ordinal);
        return JsonSerializer.Deserialize<T>(json)!;
    }

    private async Task<TOut> OnFreshInstanceAsync<TActivity, TIn, TOut>(string bucket, TIn input)
        where TActivity : IEpisodeActivity<TIn, TOut>
    {
        var root = Path.Combine(storage.Root, "instance-" + Guid.NewGuid().ToString("N"));
        _roots.Add(root);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(storage.Settings(bucket, root)).Build();
        await using (var instance = new ServiceCollection().AddLogging().AddEpisodeBuilder(configuration).BuildServiceProvider())
        {
            var output = await instance.GetRequiredService<TActivity>().RunAsync(RoundTrip(input), CancellationToken.None);
            Assert.Empty(Directory.Exists(root) ? Directory.GetDirectories(root) : []);

            // The instance goes away, and its temp directory with it.
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }

            return RoundTrip(output);
        }
    }

    [Fact]
    public async Task Every_step_runs_on_a_different_instance_and_only_keys_pass_between_them()
    {
        await using var setup = await storage.CreateServicesAsync((s, c) => s.AddEpisodeBuilder(c).AddSampleRecordings());
        var bucket = setup.Bucket;
        var dir = Directory.CreateTempSubdirectory("isolation-").FullName;
        var sample = await SampleEpisode.UploadAsync(setup.Get<SampleRecordingGenerator>(), setup.Get<ObjectStore>(), "dave", dir);
        Directory.Delete(dir, recursive: true);
        var build = new BuildRef("dave", "ep9", "dave.ep9.isolated");

        var inspected = await OnFreshInstanceAsync<InspectUploadActivity, InspectUploadInput, InspectUploadOutput>(bucket, new(build, sample.RecordingKey));
        var chunk = await OnFreshInstanceAsync<TranscribeChunkActivity, TranscribeChunkInput, TranscribeChunkOutput>(bucket, new(build, inspected.SpeechKey, 0, inspected.SpeechChunks[0]));
        var transcript = await OnFreshInstanceAsync<TranscribeActivity, TranscribeInput, TranscribeOutput>(bucket, new(build, sample.TranscriptKey, []));
        var plan = await OnFreshInstanceAsync<PlanEditsActivity, PlanEditsInput, PlanEditsOutput>(bucket, new(build, inspected.AnalysisKey, transcript.TranscriptKey, new CleanupSettings()));
        var cleaned = await OnFreshInstanceAsync<CleanAudioActivity, CleanAudioInput, CleanAudioOutput>(bucket, new(build, inspected.AudioKey, plan.PlanKey));
        var segment = await OnFreshInstanceAsync<GenerateSegmentActivity, GenerateSegmentInput, GenerateSegmentOutput>(bucket, new(build, "s1", "Back after this.", -16));
        var merged = await OnFreshInstanceAsync<MergeEpisodeActivity, MergeEpisodeInput, MergeEpisodeOutput>(bucket, new(build, sample.IntroKey, cleaned.CleanedKey, [new PlacedSegment("s1", segment.SegmentKey, SegmentPosition.BeforeOutro)], sample.OutroKey, null));
        var publish = new PublishSettings("daveshow", "Isolated", null, TestShows.Moon);
        var chapters = await OnFreshInstanceAsync<WriteChaptersActivity, WriteChaptersInput, WriteChaptersOutput>(bucket, new(build, transcript.TranscriptKey, cleaned.ClockKey, merged.TimelineKey, "Isolated", new Dictionary<string, string> { ["s1"] = "Back after this." }));
        var encoded = await OnFreshInstanceAsync<EncodeEpisodeActivity, EncodeEpisodeInput, EncodeEpisodeOutput>(bucket, new(build, merged.MergedKey, publish, merged.Loudness, -16, chapters.ChaptersKey));
        var snippets = await OnFreshInstanceAsync<ExportSnippetsActivity, ExportSnippetsInput, ExportSnippetsOutput>(bucket, new(build, inspected.AudioKey, plan.PlanKey));
        var published = await OnFreshInstanceAsync<PublishEpisodeActivity, PublishEpisodeInput, PublishEpisodeOutput>(bucket, new(build, encoded.StagedKey, publish, encoded.DurationSeconds, encoded.SizeBytes, new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc), new EpisodeCompanions(chapters.SubtitlesKey, chapters.TranscriptKey, chapters.ChaptersKey)));

        var episode = await setup.Get<ObjectStore>().GetAsync(published.EpisodeKey, CancellationToken.None);
        Assert.Equal(encoded.SizeBytes, episode!.Size);
        Assert.Equal(2, snippets.SnippetKeys.Count);
        Assert.InRange(merged.DurationSeconds, sample.IntroSeconds + cleaned.DurationSeconds + segment.DurationSeconds + sample.OutroSeconds - 0.2, sample.IntroSeconds + cleaned.DurationSeconds + segment.DurationSeconds + sample.OutroSeconds + 0.2);
        Assert.True(chunk.WordCount > 0, "the chunk's speech was transcribed");
        Assert.True(chapters.ChapterCount >= 4, $"{chapters.ChapterCount} chapters");
        Assert.NotNull(await setup.Get<ObjectStore>().GetAsync(build.EpisodeCompanion("chapters.json"), CancellationToken.None));
        Assert.Equal(11, _roots.Count);
        Assert.All(_roots, r => Assert.False(Directory.Exists(r)));
    }
}
