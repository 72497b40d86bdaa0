using System.Diagnostics;
using System.Text;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.EncodeEpisode;
using EpisodeBuilder.Activities.Tests.Infrastructure;
using EpisodeBuilder.Media.Samples;
using EpisodeBuilder.Orchestration;
using EpisodeBuilder.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EpisodeBuilder.Activities.Tests.Orchestration;

/// <summary>
/// One row per input of a build: after a first build, each input is changed alone and built again on the real engine, and
/// exactly the steps that read what changed (directly, or through a changed result) run; every other step is reused. A
/// step that should rerun and does not would publish a stale episode, the worst bug reuse can have.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class StepReuseTableTests(StorageFixture storage, Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const string User = "alice";
    private readonly string _dir = Directory.CreateTempSubdirectory("reuse-table-").FullName;
    private BuildHost _host = null!;

    private readonly VersionedEncode.Holder _encodeVersion = new();

    public async Task InitializeAsync() => _host = await BuildHost.StartAsync(storage, replace: services =>
        services.AddSingleton<IEpisodeActivity<EncodeEpisodeInput, EncodeEpisodeOutput>>(sp => new VersionedEncode(sp.GetRequiredService<EncodeEpisodeActivity>(), _encodeVersion)));

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private ObjectStore Store => _host.Get<ObjectStore>();

    private static readonly SegmentRequest Sponsor = new("sponsor", "This episode is brought to you by the moon.", SegmentPosition.AfterIntro);

    [Fact]
    public async Task Each_input_changed_alone_reruns_exactly_the_steps_that_read_it()
    {
        var generator = _host.Get<SampleRecordingGenerator>();
        var sample = await SampleEpisode.UploadAsync(generator, Store, User, _dir);
        EpisodeBuildInput Base() => sample.Input(NewBuild(), [Sponsor]);
        var first = await BuildAsync(Base());
        Assert.DoesNotContain(first, s => s.Reused);

        const string Merge = BuildSteps.Merge, Chapters = BuildSteps.Chapters, Encode = BuildSteps.Encode, Peaks = BuildSteps.Peaks, Publish = BuildSteps.Publish;
        var rows = new List<(string Input, Func<Task<EpisodeBuildInput>> Change, string[] Runs)>
        {
            ("nothing", () => Task.FromResult(Base()), [Publish]),
            // Chapters are times and titles: the same words and pauses put them where they were.
            ("recording bytes", async () => Base() with { RecordingKey = await UploadAsync(await QuieterAsync(sample.RecordingKey), "recording-2.wav") },
                [BuildSteps.Inspect, BuildSteps.PlanEdits, BuildSteps.ExportSnippets, Merge, Encode, Peaks, Publish]),

            // A word spelt differently changes the plan's text, the snippets' names and the published transcript, not the audio.
            ("supplied transcript", async () => Base() with { TranscriptKey = await UploadTextAsync((await Store.ReadTextAsync(sample.TranscriptKey, default))!.Value.Text.Replace("\"today\"", "\"to day\"", StringComparison.Ordinal), "transcript-2.json") },
                [BuildSteps.Transcribe, BuildSteps.PlanEdits, BuildSteps.ExportSnippets, Merge, Chapters, Publish]),
            ("cleanup: flubber", () => Task.FromResult(Base() with { Cleanup = Base().Cleanup with { Flubber = false } }),
                [BuildSteps.PlanEdits, BuildSteps.ExportSnippets, Merge, Chapters, Encode, Peaks, Publish]),
            // This recording has no filler: the plan comes out the same.
            ("cleanup: fillers", () => Task.FromResult(Base() with { Cleanup = Base().Cleanup with { Fillers = false } }),
                [BuildSteps.PlanEdits, Publish]),
            ("cleanup: longest silence", () => Task.FromResult(Base() with { Cleanup = Base().Cleanup with { MaxSilenceSeconds = 0.6 } }),
                [BuildSteps.PlanEdits, BuildSteps.ExportSnippets, Merge, Chapters, Encode, Peaks, Publish]),
            // A segment at another loudness lasts as long: the chapters stay where they were.
            ("loudness", () => Task.FromResult(Base() with { LoudnessLufs = -19 }),
                [BuildSteps.GenerateSegments, Merge, Encode, Peaks, Publish]),
            ("segment text", () => Task.FromResult(Base() with { Segments = [Sponsor with { Text = "This episode is brought to you by the sun." }] }),
                [BuildSteps.GenerateSegments, Merge, Chapters, Encode, Peaks, Publish]),
            ("segment position", () => Task.FromResult(Base() with { Segments = [Sponsor with { Position = SegmentPosition.BeforeOutro }] }),
                [Merge, Chapters, Encode, Peaks, Publish]),
            ("intro", () => Task.FromResult(Base() with { IntroKey = sample.OutroKey }),
                [Merge, Chapters, Encode, Peaks, Publish]),
            ("outro", () => Task.FromResult(Base() with { OutroKey = sample.IntroKey }),
                [Merge, Chapters, Encode, Peaks, Publish]),
            // A bed under the content moves nothing.
            ("music bed", async () => Base() with { MusicBedKey = await UploadAsync(await JingleAsync(generator), "bed.wav") },
                [Merge, Encode, Peaks, Publish]),
            ("episode title", () => Task.FromResult(Base() with { Publish = Base().Publish with { Title = "The Moon Landing, Again" } }),
                [Chapters, Encode, Peaks, Publish]),
            ("episode description", () => Task.FromResult(Base() with { Publish = Base().Publish with { Description = "About 1969, and after" } }),
                [Encode, Peaks, Publish]),
        };

        var wrong = new StringBuilder();
        foreach (var (name, change, runs) in rows)
        {
            var steps = await BuildAsync(await change());
            var ran = steps.Where(s => s.Status == StepState.Completed && !s.Reused).Select(s => s.Name).ToList();
            output.WriteLine($"{name}: ran {string.Join(", ", ran)}");
            if (!ran.SequenceEqual(runs))
            {
                wrong.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{name}: ran [{string.Join(", ", ran)}], expected [{string.Join(", ", runs)}]");
            }
        }

        Assert.True(wrong.Length == 0, wrong.ToString());
    }

    [Fact]
    public async Task A_new_code_version_of_a_step_reruns_it_and_what_follows()
    {
        var sample = await SampleEpisode.UploadAsync(_host.Get<SampleRecordingGenerator>(), Store, User, _dir);
        await BuildAsync(sample.Input(NewBuild(), [Sponsor]));

        // The encode runs again; its code did not really change, so its MP3 has the same bytes and the peaks drawn from them stay.
        _encodeVersion.Version++;
        var steps = await BuildAsync(sample.Input(NewBuild(), [Sponsor]));
        Assert.Equal([BuildSteps.Encode, BuildSteps.Publish], steps.Where(s => s.Status == StepState.Completed && !s.Reused).Select(s => s.Name));
    }

    /// <summary>The encode step, with a code version the test can raise.</summary>
    private sealed class VersionedEncode(EncodeEpisodeActivity inner, VersionedEncode.Holder holder) : IEpisodeActivity<EncodeEpisodeInput, EncodeEpisodeOutput>, IReusableActivity
    {
        public sealed class Holder
        {
            public int Version { get; set; } = 1;
        }

        public int Version => inner.Version * 1000 + holder.Version;

        public object? Settings => inner.Settings;

        public Task<EncodeEpisodeOutput> RunAsync(EncodeEpisodeInput input, CancellationToken cancellationToken) => inner.RunAsync(input, cancellationToken);
    }

    private static BuildRef NewBuild() => new(User, "ep1", $"{User}.ep1.{Guid.NewGuid():N}");

    private async Task<IReadOnlyList<StepProgress>> BuildAsync(EpisodeBuildInput input)
    {
        var metadata = await _host.RunAsync(input);
        Assert.True(metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage}");
        return metadata.ReadCustomStatusAs<BuildProgress>()!.Steps;
    }

    private async Task<string> UploadAsync(string path, string name)
    {
        var key = ObjectKeys.Upload(User, name);
        await Store.UploadFileAsync(path, key, "audio/wav");
        return key;
    }

    private async Task<string> UploadTextAsync(string text, string name)
    {
        var key = ObjectKeys.Upload(User, name);
        await Store.WriteTextAsync(key, text, "application/json", WriteCondition.Overwrite, default);
        return key;
    }

    // The same recording, every sample a little quieter: other bytes, the same words and pauses.
    private async Task<string> QuieterAsync(string key)
    {
        var (source, quieter) = (Path.Combine(_dir, "source.wav"), Path.Combine(_dir, "quieter.wav"));
        await Store.DownloadToFileAsync(key, source, default);
        using var ffmpeg = Process.Start("ffmpeg", ["-v", "error", "-y", "-i", source, "-af", "volume=0.9", quieter])!;
        await ffmpeg.WaitForExitAsync();
        Assert.Equal(0, ffmpeg.ExitCode);
        return quieter;
    }

    private async Task<string> JingleAsync(SampleRecordingGenerator generator)
    {
        var bed = Path.Combine(_dir, "bed.wav");
        await generator.JingleAsync(bed, 4.0, [220, 330], default);
        return bed;
    }
}
