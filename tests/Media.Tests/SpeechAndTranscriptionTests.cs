using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Samples;
using EpisodeBuilder.Media.Speech;
using EpisodeBuilder.Media.Transcription;
using FFMpegCore;

namespace EpisodeBuilder.Media.Tests;

public sealed class SpeechAndTranscriptionTests(MediaFixture media) : IClassFixture<MediaFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Espeak_speaks_text_to_audible_wav()
    {
        var wav = _dir.File("segment.wav");

        await media.Get<ISpeechSynthesizer>().SynthesizeAsync("This segment is sponsored by the moon.", wav, CancellationToken.None);

        Assert.InRange(await media.DurationAsync(wav), 1.0, 6.0);
        var loudness = await media.Get<LoudnessProcessor>().MeasureAsync(wav, CancellationToken.None);
        Assert.True(loudness.IntegratedLufs > -40, $"speech measured {loudness.IntegratedLufs} LUFS");
    }

    [Fact]
    public async Task Empty_segment_text_is_invalid_input() =>
        await Assert.ThrowsAsync<InvalidMediaException>(() => media.Get<ISpeechSynthesizer>().SynthesizeAsync("  ", _dir.File("x.wav"), CancellationToken.None));

    [Fact]
    public async Task Sample_generator_places_every_word_exactly_where_its_transcript_says()
    {
        var recording = await media.Get<SampleRecordingGenerator>().GenerateAsync(["hello there", "flubber", "hello again"], _dir.File("sample.wav"), _dir.Path, CancellationToken.None);

        var words = recording.Transcript.Words;
        Assert.Equal(["hello", "there", "flubber", "hello", "again"], words.Select(w => w.Text));
        Assert.Equal(words[^1].End + SampleRecordingGenerator.PhrasePauseSeconds, recording.DurationSeconds, 1);

        // Speech energy inside the flubber word, silence in the pause before it.
        var flubber = words[2];
        Assert.True(await MeanVolumeAsync(recording.WavPath, flubber.Start, flubber.End) > -35);
        Assert.True(await MeanVolumeAsync(recording.WavPath, words[1].End + 0.05, flubber.Start - 0.05) < -80);
    }

    [Fact]
    public async Task PocketSphinx_returns_ordered_word_timings_inside_the_audio_around_a_pause()
    {
        var speech = media.Get<ISpeechSynthesizer>();
        var first = _dir.File("first.wav");
        var second = _dir.File("second.wav");
        await speech.SynthesizeAsync("hello world this is a test", first, CancellationToken.None);
        await speech.SynthesizeAsync("the weather is nice today", second, CancellationToken.None);
        var joined = _dir.File("joined.wav");
        MediaFixture.Ffmpeg($"-i {first} -f lavfi -i anullsrc=r=22050:cl=mono:d=1.5 -i {second} -filter_complex [0:a][1:a][2:a]concat=n=3:v=0:a=1 {joined}");
        var firstEnd = await media.DurationAsync(first);
        var total = await media.DurationAsync(joined);

        var transcript = await media.Get<ITranscriber>().TranscribeAsync(joined, _dir.Path, CancellationToken.None);

        Assert.True(transcript.Words.Count >= 6, $"only {transcript.Words.Count} words: {transcript.Text}");
        Assert.All(transcript.Words, w => Assert.InRange(w.Start, 0, total));
        Assert.All(transcript.Words, w => Assert.True(w.End >= w.Start));
        Assert.Equal(transcript.Words.OrderBy(w => w.Start), transcript.Words);
        // No word straddles the inserted pause: the recogniser saw the gap.
        Assert.DoesNotContain(transcript.Words, w => w.Start < firstEnd + 0.3 && w.End > firstEnd + 1.2);
        Assert.Contains(transcript.Words, w => w.Start >= firstEnd + 1.2);
    }

    [Fact]
    public void WebVtt_breaks_cues_at_pauses()
    {
        var vtt = WebVttWriter.Write(new Transcript("t", [new("hello", 0, 0.5, 1), new("there", 0.6, 1.0, 1), new("again", 2.5, 3.0, 1)]));

        Assert.StartsWith("WEBVTT", vtt, StringComparison.Ordinal);
        Assert.Contains("00:00:00.000 --> 00:00:01.000\nhello there", vtt, StringComparison.Ordinal);
        Assert.Contains("00:00:02.500 --> 00:00:03.000\nagain", vtt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"words\":[{\"text\":\"a\",\"start\":2,\"end\":1}]}")]
    [InlineData("not json")]
    public void Malformed_transcripts_are_rejected_with_a_reason(string json) =>
        Assert.Throws<FormatException>(() => Transcript.FromJson(json));

    private static async Task<double> MeanVolumeAsync(string path, double start, double end)
    {
        var lines = new List<string>();
        await FFMpegArguments.FromFileInput(path, true, o => o.WithCustomArgument($"-ss {start.ToString(System.Globalization.CultureInfo.InvariantCulture)} -to {end.ToString(System.Globalization.CultureInfo.InvariantCulture)}"))
            .OutputToNull(o => o.WithCustomArgument("-af volumedetect -f null"))
            .NotifyOnStandardError(lines.Add)
            .ProcessAsynchronously();
        var line = lines.LastOrDefault(l => l.Contains("mean_volume:", StringComparison.Ordinal));
        if (line is null)
        {
            return -200;
        }

        var value = line[(line.IndexOf("mean_volume:", StringComparison.Ordinal) + 12)..].Replace("dB", string.Empty, StringComparison.Ordinal).Trim();
        return value == "-inf" ? -200 : double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
