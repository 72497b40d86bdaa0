using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Ffmpeg.Arguments;
using EpisodeBuilder.Media.Wav;
using FFMpegCore;

namespace EpisodeBuilder.Media.Tests;

/// <summary>
/// FFmpeg invocations are built from typed pieces: a filter's values are escaped for the graph, and tags and paths are
/// quoted for the command line, so what FFmpeg reads is what the product meant (checked by running FFmpeg on it).
/// </summary>
public sealed class FfmpegArgumentTests(MediaFixture media) : IClassFixture<MediaFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_tool_error_keeps_the_url_it_names_but_not_its_signed_query()
    {
        var tail = FfmpegRunner.Tail([
            "[http @ 0x1] HTTP error 403 Forbidden",
            "https://storage.googleapis.com/b/u/take.mp3?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=a%40b&X-Goog-Signature=0123abcd: Server returned 403 Forbidden",
        ]);

        Assert.Contains("https://storage.googleapis.com/b/u/take.mp3?(query removed): Server returned 403", tail, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Goog", tail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_graph_is_written_as_chains_of_filters_between_pads()
    {
        var graph = new FilterGraph()
            .Chain(["0:a"], [AudioFilters.Resample(16000), AudioFilters.Split(2)], "a", "b")
            .Chain(["a", "b"], [AudioFilters.Concat(2)], "joined");

        Assert.Equal("[0:a]aresample=16000,asplit=2[a][b];[a][b]concat=n=2:v=0:a=1[joined]", graph.ToString());
        Assert.Equal("-filter_complex \"[0:a]aresample=16000,asplit=2[a][b];[a][b]concat=n=2:v=0:a=1[joined]\"", new FilterGraphArgument(graph).Text);
    }

    [Theory]
    [InlineData("a;b")]
    [InlineData("x]")]
    [InlineData("")]
    public void A_pad_that_would_break_the_graph_is_refused(string pad) =>
        Assert.Throws<ArgumentException>(() => new FilterGraph().Chain([pad], [AudioFilters.Split(2)], "out"));

    [Fact]
    public void Values_are_escaped_for_the_option_and_for_the_graph()
    {
        Assert.Equal(@"volume=volume=if(lt(t\,1)\,0\,1):eval=frame", Filter.Of("volume", ("volume", "if(lt(t,1),0,1)"), ("eval", "frame")).ToString());
        Assert.Equal(@"anullsrc=cl=a\\:b\\\\c\\\'d\;e\[f\]", Filter.Of("anullsrc", ("cl", @"a:b\c'd;e[f]")).ToString());
    }

    [Fact]
    public async Task An_expression_with_commas_reaches_ffmpeg_as_one_value()
    {
        var tone = MediaFixture.Tone(_dir.Path, "tone.wav", 2);
        var output = _dir.File("gated.wav");

        // Silent for the first second, full volume after: only if FFmpeg reads the whole expression as the volume.
        await media.Get<FfmpegRunner>().RunAsync(
            FFMpegArguments.FromFileInput(tone).OutputToFile(output, overwrite: true, o => o
                .WithArgument(new AudioFilterArgument(Filter.Of("volume", ("volume", "if(lt(t,1),0,1)"), ("eval", "frame"))))
                .WithArgument(new WorkingWavArgument(44100))),
            "Gating a tone",
            CancellationToken.None);

        var (first, second) = PeakOfEachSecond(output);
        Assert.True(first < 1e-3, $"first second peak {first}");
        Assert.True(second > 0.02, $"second second peak {second}");
    }

    [Fact]
    public async Task Tags_with_quotes_backslashes_and_separators_reach_the_mp3_as_written()
    {
        var source = MediaFixture.Tone(_dir.Path, "episode.wav", 2);
        var mp3 = _dir.File("episode.mp3");
        const string title = "Moon \"Landing\" \\ part 2: a=b; c#d 'e' — ok";

        await media.Get<Mp3Encoder>().EncodeAsync(source, mp3, new EpisodeTags(title, "Show \\ \"Name\"", "Album", null, null), CancellationToken.None);
        var probe = await FFProbe.AnalyseAsync(mp3);

        Assert.Equal(title, probe.Format.Tags!["title"]);
        Assert.Equal("Show \\ \"Name\"", probe.Format.Tags!["artist"]);
    }

    [Fact]
    public void A_path_is_one_argument_whatever_it_holds()
    {
        Assert.Equal("-map [speech] \"/tmp/a b\\\\\\\"c.wav\"", new ExtraOutputArgument("/tmp/a b\\\"c.wav", MapArgument.Label("speech")).Text);
        Assert.Equal("\"/tmp/x\\y\"", new ExtraOutputArgument("/tmp/x\\y").Text);
    }

    [Fact]
    public async Task One_decode_writes_both_outputs_to_paths_with_spaces_and_quotes()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir.Path, "a b 'c'")).FullName;
        var tone = Path.Combine(folder, "tone one.wav");
        File.Copy(MediaFixture.Tone(_dir.Path, "tone.wav", 2), tone);
        var working = Path.Combine(folder, "working copy.wav");
        var speech = Path.Combine(folder, "speech \"16k\".wav");

        await media.Get<AudioInspector>().InspectAndDecodeAsync(tone, working, speech, CancellationToken.None);

        Assert.Equal(44100, WavLayout.Read(working).SampleRate);
        Assert.Equal(AudioInspector.SpeechSampleRate, WavLayout.Read(speech).SampleRate);
        Assert.InRange(WavLayout.Read(speech).DurationSeconds, 1.95, 2.05);
    }

    private static (double First, double Second) PeakOfEachSecond(string wav)
    {
        var layout = WavLayout.Read(wav);
        using var stream = File.OpenRead(wav);
        stream.Position = layout.DataOffset;
        var bytes = new byte[layout.DataLength];
        stream.ReadExactly(bytes);
        double first = 0, second = 0;
        for (var i = 0; i + 1 < bytes.Length; i += 2)
        {
            var sample = Math.Abs(BitConverter.ToInt16(bytes, i) / 32768.0);
            var t = i / 2 / (double)layout.SampleRate;
            if (t < 0.95)
            {
                first = Math.Max(first, sample);
            }
            else if (t > 1.05)
            {
                second = Math.Max(second, sample);
            }
        }

        return (first, second);
    }
}
