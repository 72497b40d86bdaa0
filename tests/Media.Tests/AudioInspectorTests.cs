using EpisodeBuilder.Media.Ffmpeg;

namespace EpisodeBuilder.Media.Tests;

public sealed class AudioInspectorTests(MediaFixture media) : IClassFixture<MediaFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<AudioInfo> Inspect(string path) => media.Get<AudioInspector>().InspectAsync(path, CancellationToken.None);

    [Fact]
    public async Task A_real_mp3_is_accepted_with_its_measured_duration()
    {
        var mp3 = _dir.File("ok.mp3");
        MediaFixture.Ffmpeg($"-f lavfi -i sine=f=300:d=4 -c:a libmp3lame -b:a 128k {mp3}");

        var info = await Inspect(mp3);

        Assert.Equal("mp3", info.Codec);
        Assert.InRange(info.DurationSeconds, 3.9, 4.1);
    }

    [Fact]
    public async Task A_text_file_named_mp3_is_rejected_as_not_audio()
    {
        var fake = _dir.File("notes.mp3");
        await File.WriteAllTextAsync(fake, "These are my show notes, not audio at all.\n");

        var error = await Assert.ThrowsAsync<InvalidMediaException>(() => Inspect(fake));
        Assert.Contains("not in a recognised audio format", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zero_length_file_is_rejected_as_empty()
    {
        var empty = _dir.File("empty.wav");
        await File.WriteAllBytesAsync(empty, []);

        var error = await Assert.ThrowsAsync<InvalidMediaException>(() => Inspect(empty));
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_mp3_is_rejected_as_truncated()
    {
        var full = _dir.File("full.mp3");
        MediaFixture.Ffmpeg($"-f lavfi -i sine=f=300:d=10 -c:a libmp3lame -b:a 128k {full}");
        var bytes = await File.ReadAllBytesAsync(full);
        var truncated = _dir.File("truncated.mp3");
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length * 3 / 10)]);

        var error = await Assert.ThrowsAsync<InvalidMediaException>(() => Inspect(truncated));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_video_with_no_audio_stream_is_rejected()
    {
        var video = _dir.File("screen.mp4");
        MediaFixture.Ffmpeg($"-f lavfi -i color=c=red:s=32x32:d=1 -c:v mpeg4 {video}");

        var error = await Assert.ThrowsAsync<InvalidMediaException>(() => Inspect(video));
        Assert.Contains("no audio stream", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_is_not_read_at_all()
    {
        var image = _dir.File("cover.png");
        MediaFixture.Ffmpeg($"-f lavfi -i color=c=red:s=32x32:d=1 -frames:v 1 {image}");

        var error = await Assert.ThrowsAsync<InvalidMediaException>(() => Inspect(image));
        Assert.Contains("not in a recognised audio format", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recording_shorter_than_the_minimum_is_rejected()
    {
        var blip = MediaFixture.Tone(_dir.Path, "blip.wav", 0.2);

        var error = await Assert.ThrowsAsync<InvalidMediaException>(() => Inspect(blip));
        Assert.Contains("too short", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decoding_brings_any_input_to_mono_working_wav()
    {
        var stereo = _dir.File("stereo.mp3");
        MediaFixture.Ffmpeg($"-f lavfi -i sine=f=300:d=2 -ac 2 -ar 48000 -c:a libmp3lame {stereo}");
        var wav = _dir.File("working.wav");

        await media.Get<AudioInspector>().DecodeToWavAsync(stereo, wav, CancellationToken.None);
        var info = await Inspect(wav);

        Assert.Equal(("pcm_s16le", 44100, 1), (info.Codec, info.SampleRate, info.Channels));
        Assert.InRange(info.DurationSeconds, 1.95, 2.1);
    }
}
