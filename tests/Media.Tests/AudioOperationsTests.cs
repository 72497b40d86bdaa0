using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Wav;
using FFMpegCore;

namespace EpisodeBuilder.Media.Tests;

public sealed class AudioOperationsTests(MediaFixture media) : IClassFixture<MediaFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Loudness_normalisation_lands_within_1_LU_of_the_target()
    {
        var quiet = MediaFixture.Tone(_dir.Path, "quiet.wav", 6, volume: 0.05);
        var output = _dir.File("normalised.wav");
        var loudness = media.Get<LoudnessProcessor>();

        await loudness.NormalizeAsync(quiet, output, -16, CancellationToken.None);
        var measured = await loudness.MeasureAsync(output, CancellationToken.None);

        Assert.InRange(measured.IntegratedLufs, -17, -15);
        Assert.True(measured.TruePeakDb <= -1.0, $"true peak {measured.TruePeakDb}");
    }

    [Theory]
    [InlineData(new double[] { 2, 3 }, 9.0 - 20e-3)]
    [InlineData(new double[] { 0, 1, 4, 5, 8, 10 }, 6.0 - 20e-3)]
    [InlineData(new double[] { }, 10.0)]
    public async Task Cuts_remove_their_spans_and_the_output_lasts_what_the_formula_says(double[] bounds, double expected)
    {
        var source = MediaFixture.Tone(_dir.Path, "ten.wav", 10);
        var cuts = bounds.Chunk(2).Select(b => new TimeRange(b[0], b[1])).ToList();
        var output = _dir.File("cut.wav");

        var result = await media.Get<AudioCutter>().ApplyCutsAsync(source, 10, cuts, output, CancellationToken.None);

        Assert.Equal(expected, result.ExpectedDurationSeconds, 3);
        Assert.InRange(await media.DurationAsync(output), expected - 0.02, expected + 0.02);
    }

    [Fact]
    public void Overlapping_cuts_are_merged()
    {
        var merged = AudioCutter.Kept(10, [new TimeRange(2, 4), new TimeRange(3, 5), new TimeRange(5, 6)], 0.05);
        Assert.Equal([new TimeRange(0, 2), new TimeRange(6, 10)], merged);
    }

    [Fact]
    public async Task Merging_parts_lasts_the_sum_of_the_parts()
    {
        var parts = new[] { MediaFixture.Tone(_dir.Path, "a.wav", 1.5, 300), MediaFixture.Tone(_dir.Path, "b.wav", 2.25, 500), MediaFixture.Tone(_dir.Path, "c.wav", 0.75, 700) };
        var output = _dir.File("merged.wav");

        await media.Get<AudioMerger>().ConcatAsync(parts, output, CancellationToken.None);

        Assert.InRange(await media.DurationAsync(output), 4.45, 4.55);
    }

    [Theory]
    [InlineData(-20.0, 10.0)]
    [InlineData(-14.0, 18.0)]
    public async Task A_music_bed_ducks_under_speech_by_its_depth_and_fades_at_both_ends(double levelDb, double duckDb)
    {
        // A 4 kHz "voice", 2.5 s on and 2.5 s off, over 20 s; a 100 Hz bed of 1.3 s, looped.
        var voice = _dir.File("voice.wav");
        MediaFixture.Ffmpeg("-f lavfi -i \"sine=f=4000:d=20:r=44100,volume='if(lt(mod(t,5),2.5),0.5,0)':eval=frame\" -ac 1 " + voice);
        var bed = MediaFixture.Tone(_dir.Path, "bed.wav", 1.3, 100);
        var output = _dir.File("bedded.wav");

        await media.Get<AudioMerger>().ConcatAsync([voice], output, CancellationToken.None, musicBed: bed, bedLevels: new BedLevels(levelDb, duckDb));

        Assert.InRange(await media.DurationAsync(output), 19.95, 20.05);

        // The bed alone: everything above 300 Hz (the voice) filtered out, 180 dB down at 4 kHz.
        var under = _dir.File("under.wav");
        MediaFixture.Ffmpeg($"-i {output} -af lowpass=f=300,lowpass=f=300,lowpass=f=300,lowpass=f=300 -c:a pcm_s16le {under}");
        var bedSource = Level(bed, 0.1, 1.2);
        var speech = new[] { 5, 10, 15 }.Select(t => Level(under, t + 0.8, t + 1.7)).ToList();
        var pauses = new[] { 2.5, 7.5, 12.5 }.Select(t => Level(under, t + 0.8, t + 2.2)).ToList();
        for (var i = 0; i < speech.Count; i++)
        {
            Assert.InRange(pauses[i] - speech[i], duckDb - 1, duckDb + 1);
            Assert.InRange(pauses[i] - bedSource, levelDb - 1, levelDb + 1);
        }

        // It rises from nothing at the start and falls to nothing at the end.
        Assert.True(Level(under, 0, 0.2) < speech[0] - 15, "the bed does not fade in");
        Assert.True(Level(under, 19.8, 20) < pauses[0] - 20, "the bed does not fade out");
    }

    /// <summary>The RMS level (dBFS) of a 16-bit mono WAV between two times.</summary>
    private static double Level(string wav, double from, double to)
    {
        var layout = WavLayout.Read(wav);
        using var stream = File.OpenRead(wav);
        var (first, last) = (layout.FrameAt(from), layout.FrameAt(to));
        stream.Position = layout.ByteAt(first);
        var buffer = new byte[(last - first) * 2];
        stream.ReadExactly(buffer);
        var sum = 0.0;
        for (var i = 0; i < buffer.Length; i += 2)
        {
            var sample = BitConverter.ToInt16(buffer, i) / 32768.0;
            sum += sample * sample;
        }

        return 10 * Math.Log10((sum / (buffer.Length / 2)) + 1e-20);
    }

    [Fact]
    public async Task A_stereo_intro_makes_a_stereo_episode_with_the_voice_centred_at_the_stereo_rate_and_loudness()
    {
        // A stereo intro (different tones left and right), then mono "voice".
        var intro = _dir.File("intro.wav");
        MediaFixture.Ffmpeg($"-f lavfi -i sine=f=300:d=2:r=44100 -f lavfi -i sine=f=500:d=2:r=44100 -filter_complex \"[0:a][1:a]join=inputs=2:channel_layout=stereo\" {intro}");
        var voice = MediaFixture.Tone(_dir.Path, "voice.wav", 4, 700, 0.3);
        var merged = _dir.File("merged.wav");

        var measured = await media.Get<AudioMerger>().ConcatAsync([intro, voice], merged, CancellationToken.None, channels: 2);

        var layout = WavLayout.Read(merged);
        Assert.Equal(2, layout.Channels);
        Assert.InRange(layout.DurationSeconds, 5.95, 6.05);
        var (left, right) = ChannelLevels(merged, 3, 5);
        Assert.InRange(left - right, -0.1, 0.1);
        var (introLeft, introRight) = ChannelLevels(merged, 0.5, 1.5);
        Assert.True(Math.Abs(introLeft - introRight) < 0.5, "the intro's channels lost their levels");

        var mp3 = _dir.File("stereo.mp3");
        var loudness = media.Get<LoudnessProcessor>();
        var plan = await loudness.PlanAsync(merged, measured, new LoudnessTarget(LoudnessTarget.DefaultLufs(layout.Channels)), CancellationToken.None);
        await media.Get<Mp3Encoder>().EncodeAsync(merged, mp3, new EpisodeTags("T", "A", "A", null, "2026"), CancellationToken.None, plan);
        var probe = await FFProbe.AnalyseAsync(mp3);
        Assert.Equal(2, probe.PrimaryAudioStream!.Channels);
        Assert.InRange(probe.PrimaryAudioStream.BitRate ?? 0, 155_000, 165_000);
        Assert.InRange((await loudness.MeasureAsync(mp3, CancellationToken.None)).IntegratedLufs, -17, -15);

        // The same voice alone stays mono, at the mono rate, and its default loudness is 3 dB lower.
        var mono = _dir.File("mono.wav");
        var monoMeasured = await media.Get<AudioMerger>().ConcatAsync([voice], mono, CancellationToken.None);
        var monoMp3 = _dir.File("mono.mp3");
        var monoPlan = await loudness.PlanAsync(mono, monoMeasured, new LoudnessTarget(LoudnessTarget.DefaultLufs(WavLayout.Read(mono).Channels)), CancellationToken.None);
        await media.Get<Mp3Encoder>().EncodeAsync(mono, monoMp3, new EpisodeTags("T", "A", "A", null, "2026"), CancellationToken.None, monoPlan);
        var monoProbe = await FFProbe.AnalyseAsync(monoMp3);
        Assert.Equal(1, monoProbe.PrimaryAudioStream!.Channels);
        Assert.InRange(monoProbe.PrimaryAudioStream.BitRate ?? 0, 123_000, 133_000);
        Assert.InRange((await loudness.MeasureAsync(monoMp3, CancellationToken.None)).IntegratedLufs, -20, -18);
    }

    /// <summary>The RMS levels (dBFS) of the two channels of a 16-bit stereo WAV between two times.</summary>
    private static (double Left, double Right) ChannelLevels(string wav, double from, double to)
    {
        var layout = WavLayout.Read(wav);
        using var stream = File.OpenRead(wav);
        var (first, last) = (layout.FrameAt(from), layout.FrameAt(to));
        stream.Position = layout.ByteAt(first);
        var buffer = new byte[(last - first) * layout.BlockAlign];
        stream.ReadExactly(buffer);
        double left = 0, right = 0;
        for (var i = 0; i < buffer.Length; i += 4)
        {
            var l = BitConverter.ToInt16(buffer, i) / 32768.0;
            var r = BitConverter.ToInt16(buffer, i + 2) / 32768.0;
            (left, right) = (left + (l * l), right + (r * r));
        }

        var frames = buffer.Length / 4.0;
        return (10 * Math.Log10((left / frames) + 1e-20), 10 * Math.Log10((right / frames) + 1e-20));
    }

    [Fact]
    public async Task Mp3_carries_its_id3_tags_and_duration()
    {
        var source = MediaFixture.Tone(_dir.Path, "episode.wav", 7);
        var mp3 = _dir.File("episode.mp3");

        await media.Get<Mp3Encoder>().EncodeAsync(source, mp3, new EpisodeTags("Moon \"Landing\"", "My Show", "My Show", "About the moon", "2026"), CancellationToken.None);
        var probe = await FFProbe.AnalyseAsync(mp3);

        Assert.Equal("mp3", probe.PrimaryAudioStream!.CodecName);
        Assert.InRange(probe.Duration.TotalSeconds, 6.9, 7.1);
        Assert.Equal("Moon \"Landing\"", probe.Format.Tags!["title"]);
        Assert.Equal("My Show", probe.Format.Tags!["artist"]);
    }

    [Fact]
    public async Task Snippet_has_the_requested_length()
    {
        var source = MediaFixture.Tone(_dir.Path, "long.wav", 10);
        var snippet = _dir.File("snippet.mp3");

        await media.Get<SnippetExporter>().ExportAsync(source, 2.5, 4.0, snippet, CancellationToken.None);

        Assert.InRange(await media.DurationAsync(snippet), 1.4, 1.6);
    }

    [Fact]
    public async Task Silence_detection_finds_an_inserted_pause()
    {
        var path = _dir.File("gap.wav");
        MediaFixture.Ffmpeg($"-f lavfi -i sine=f=300:d=2 -f lavfi -i anullsrc=r=44100:cl=mono:d=1.5 -f lavfi -i sine=f=300:d=2 -filter_complex [0:a][1:a][2:a]concat=n=3:v=0:a=1 -ac 1 {path}");

        var silences = await media.Get<SilenceDetector>().DetectAsync(path, 5.5, CancellationToken.None);

        var silence = Assert.Single(silences);
        Assert.InRange(silence.Start, 1.95, 2.05);
        Assert.InRange(silence.End, 3.45, 3.55);
    }
}
