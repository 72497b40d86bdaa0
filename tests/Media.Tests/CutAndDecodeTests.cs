using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Wav;

namespace EpisodeBuilder.Media.Tests;

public sealed class CutAndDecodeTests(MediaFixture media) : IClassFixture<MediaFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_cut_joins_the_two_sides_with_a_linear_crossfade_of_the_configured_length()
    {
        // Two seconds at +10000 then two seconds at -10000: cutting 1.5-2.5 s leaves a join whose crossfade is visible in the samples.
        var source = _dir.File("steps.wav");
        WriteWav(source, 44100, Enumerable.Repeat((short)10000, 88200).Concat(Enumerable.Repeat((short)-10000, 88200)).ToArray());

        var result = await media.Get<AudioCutter>().ApplyCutsAsync(source, 4, [new TimeRange(1.5, 2.5)], _dir.File("cut.wav"), CancellationToken.None);

        var samples = ReadWav(_dir.File("cut.wav"));
        var fade = 882; // 20 ms at 44.1 kHz
        Assert.Equal((4 * 44100) - 44100 - fade, samples.Length);
        Assert.Equal(samples.Length / 44100.0, result.ExpectedDurationSeconds, 6);
        var join = (int)(1.5 * 44100) - fade;
        Assert.All(samples[..join], s => Assert.Equal(10000, s));
        Assert.All(samples[(join + fade)..], s => Assert.Equal(-10000, s));
        for (var i = 0; i < fade; i++)
        {
            var expected = 10000 - (20000 * ((i + 0.5) / fade));
            Assert.InRange(samples[join + i], expected - 1, expected + 1);
        }
    }

    [Fact]
    public async Task Six_hundred_cuts_are_applied_in_order_and_the_output_lasts_what_the_formula_says()
    {
        // A ramp that encodes each sample's position: after cutting, every kept piece must still be increasing and in order.
        var rate = 8000;
        var seconds = 120;
        var ramp = Enumerable.Range(0, rate * seconds).Select(i => (short)((i / 40) - 12000)).ToArray();
        var source = _dir.File("ramp.wav");
        WriteWav(source, rate, ramp);
        var cuts = Enumerable.Range(0, 600).Select(i => new TimeRange((i * 0.2) + 0.05, (i * 0.2) + 0.1)).ToList();

        var result = await media.Get<AudioCutter>().ApplyCutsAsync(source, seconds, cuts, _dir.File("cut.wav"), CancellationToken.None);

        Assert.Equal(601, result.Kept.Count);
        var crossfade = 0.02;
        var expected = result.Kept.Sum(k => k.Duration) - ((result.Kept.Count - 1) * crossfade);
        Assert.Equal(expected, result.ExpectedDurationSeconds, 3);
        Assert.InRange(await media.DurationAsync(_dir.File("cut.wav")), expected - 0.001, expected + 0.001);
        var samples = ReadWav(_dir.File("cut.wav"));
        Assert.True(samples[^1] > samples[0], "the pieces come out in the order they were recorded");
    }

    [Fact]
    public async Task One_decode_writes_the_working_and_speech_copies_and_finds_the_silences()
    {
        var upload = _dir.File("upload.mp3");
        MediaFixture.Ffmpeg($"-f lavfi -i sine=f=300:d=2:r=48000 -f lavfi -i anullsrc=r=48000:cl=stereo:d=1.5 -f lavfi -i sine=f=300:d=2:r=48000 -filter_complex [0:a][1:a][2:a]concat=n=3:v=0:a=1 -ac 2 -c:a libmp3lame {upload}");

        var decoded = await media.Get<AudioInspector>().InspectAndDecodeAsync(upload, _dir.File("working.wav"), _dir.File("speech.wav"), CancellationToken.None);

        var working = WavLayout.Read(_dir.File("working.wav"));
        var speech = WavLayout.Read(_dir.File("speech.wav"));
        Assert.Equal((44100, 1), (working.SampleRate, working.Channels));
        Assert.Equal((16000, 1), (speech.SampleRate, speech.Channels));
        Assert.InRange(decoded.Info.DurationSeconds, 5.45, 5.6);
        Assert.Equal(working.DurationSeconds, decoded.Info.DurationSeconds, 3);
        Assert.InRange(speech.DurationSeconds, working.DurationSeconds - 0.01, working.DurationSeconds + 0.01);
        var silence = Assert.Single(decoded.Silences);
        Assert.InRange(silence.Start, 1.95, 2.1);
        Assert.InRange(silence.End, 3.4, 3.6);
    }

    [Fact]
    public async Task A_recording_longer_than_the_limit_is_refused_from_its_header_before_the_decode()
    {
        var upload = _dir.File("long.mp3");
        MediaFixture.Ffmpeg($"-f lavfi -i sine=f=300:d=3 -c:a libmp3lame {upload}");

        var error = await Assert.ThrowsAsync<InvalidMediaException>(() => media.Get<AudioInspector>().InspectAndDecodeAsync(
            upload, _dir.File("w.wav"), _dir.File("s.wav"), CancellationToken.None, longest: new RecordingLimit(TimeSpan.FromSeconds(2), "Limits:MaxRecordingDuration")));

        Assert.Equal("the recording is 0:00:03 long; the limit is 0:00:02 (Limits:MaxRecordingDuration)", error.Message);
        Assert.False(File.Exists(_dir.File("w.wav")));
    }

    [Fact]
    public async Task A_truncated_upload_is_still_rejected_by_the_single_decode()
    {
        var whole = _dir.File("whole.mp3");
        MediaFixture.Ffmpeg($"-f lavfi -i sine=f=440:d=6 -c:a libmp3lame -b:a 128k {whole}");
        var truncated = _dir.File("truncated.mp3");
        var bytes = await File.ReadAllBytesAsync(whole);
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 3)]);

        var error = await Assert.ThrowsAsync<InvalidMediaException>(() =>
            media.Get<AudioInspector>().InspectAndDecodeAsync(truncated, _dir.File("w.wav"), _dir.File("s.wav"), CancellationToken.None));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_layout_of_an_ffmpeg_wav_with_a_list_chunk_points_past_its_metadata()
    {
        var path = MediaFixture.Tone(_dir.Path, "tone.wav", 1.0);

        var layout = WavLayout.Read(path);

        Assert.True(layout.DataOffset > WavLayout.CanonicalHeaderLength, $"data at {layout.DataOffset}");
        Assert.Equal(44100, layout.Frames);
        Assert.Equal(new FileInfo(path).Length, layout.DataOffset + layout.DataLength);
    }

    private static void WriteWav(string path, int rate, short[] samples)
    {
        using var file = File.Create(path);
        WavLayout.WriteHeader(file, rate, 1, samples.Length * 2L);
        var bytes = new byte[samples.Length * 2];
        Buffer.BlockCopy(samples, 0, bytes, 0, bytes.Length);
        file.Write(bytes);
    }

    private static short[] ReadWav(string path)
    {
        var layout = WavLayout.Read(path);
        using var file = File.OpenRead(path);
        file.Seek(layout.DataOffset, SeekOrigin.Begin);
        var bytes = new byte[layout.DataLength];
        file.ReadExactly(bytes);
        var samples = new short[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, samples, 0, bytes.Length);
        return samples;
    }
}
