using System.Globalization;
using System.Text;
using EpisodeBuilder.Media.Ffmpeg.Arguments;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Speech;
using EpisodeBuilder.Media.Transcription;
using FFMpegCore;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Media.Samples;

/// <summary>A generated recording and the exact transcript of what it says.</summary>
public sealed record SampleRecording(string WavPath, Transcript Transcript, double DurationSeconds);

/// <summary>
/// One phrase of a generated recording and the silence after it: the default phrase pause, or a longer one where a
/// recording needs a pause long enough to be shortened (silence cuts).
/// </summary>
public sealed record SamplePhrase(string Text, double PauseAfterSeconds = SampleRecordingGenerator.PhrasePauseSeconds);

/// <summary>
/// Makes spoken recordings whose word timings are known exactly, for the demo and for tests: each word is
/// synthesised on its own, trimmed of its silence, and laid on a timeline with short gaps between words and longer
/// pauses between phrases. PocketSphinx does not reliably hear "flubber" in synthetic speech, so callers that need
/// a detected marker use the transcript this returns.
/// </summary>
public sealed class SampleRecordingGenerator(ISpeechSynthesizer speech, FfmpegRunner ffmpeg, AudioInspector inspector, IOptions<MediaOptions> options)
{
    public const double WordGapSeconds = 0.12;
    public const double PhrasePauseSeconds = 0.7;

    /// <summary>A podcast opening with a flubber retake and an intern request.</summary>
    public static IReadOnlyList<string> FlubberScript { get; } =
    [
        "welcome to the show",
        "today we talk about the moon landing in nineteen seventy",
        "flubber",
        "today we talk about the moon landing in nineteen sixty nine",
        "intern add a drum roll here",
        "thanks for listening",
    ];

    public Task<SampleRecording> GenerateAsync(IReadOnlyList<string> phrases, string outputWav, string workingDirectory, CancellationToken cancellationToken) =>
        GenerateAsync(phrases.Select(p => new SamplePhrase(p)).ToList(), outputWav, workingDirectory, cancellationToken);

    /// <summary>As above, with each phrase's own pause after it (seconds of silence before the next phrase).</summary>
    public async Task<SampleRecording> GenerateAsync(IReadOnlyList<SamplePhrase> phrases, string outputWav, string workingDirectory, CancellationToken cancellationToken)
    {
        var rate = options.Value.SampleRate;
        var cache = new Dictionary<string, (string Path, double Duration)>(StringComparer.Ordinal);
        var timeline = new List<string>();
        var words = new List<TranscriptWord>();
        var cursor = 0.0;
        var gap = await SilenceAsync(workingDirectory, "gap.wav", WordGapSeconds, cancellationToken);
        var pause = await SilenceAsync(workingDirectory, "pause.wav", PhrasePauseSeconds, cancellationToken);
        var pauses = new Dictionary<double, (string Path, double Duration)> { [PhrasePauseSeconds] = pause };
        timeline.Add(pause.Path);
        cursor += pause.Duration;
        for (var p = 0; p < phrases.Count; p++)
        {
            var phraseWords = phrases[p].Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var after = phrases[p].PauseAfterSeconds;
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(after);
            if (phraseWords.Length > 0 && !pauses.ContainsKey(after))
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"pause-{pauses.Count}.wav");
                pauses[after] = await SilenceAsync(workingDirectory, name, after, cancellationToken);
            }

            for (var w = 0; w < phraseWords.Length; w++)
            {
                var text = phraseWords[w];
                if (!cache.TryGetValue(text, out var clip))
                {
                    clip = await WordAsync(text, workingDirectory, cache.Count, cancellationToken);
                    cache[text] = clip;
                }

                timeline.Add(clip.Path);
                words.Add(new TranscriptWord(text, Math.Round(cursor, 4), Math.Round(cursor + clip.Duration, 4), 1.0));
                cursor += clip.Duration;
                var separator = w < phraseWords.Length - 1 ? gap : pauses[after];
                timeline.Add(separator.Path);
                cursor += separator.Duration;
            }
        }

        var list = Path.Combine(workingDirectory, "timeline.txt");
        await File.WriteAllLinesAsync(list, timeline.Select(t => $"file '{t.Replace("'", "'\\''", StringComparison.Ordinal)}'"), cancellationToken);
        await ffmpeg.RunAsync(
            FFMpegArguments.FromFileInput(list, verifyExists: true, o => o.ForceFormat("concat").WithArgument(new FormatOptionArgument("safe", "0")))
                .OutputToFile(outputWav, overwrite: true, o => o.WithArgument(new WorkingWavArgument(rate))),
            "Assembling sample recording",
            cancellationToken);
        return new SampleRecording(outputWav, new Transcript("generated", words), await inspector.DurationAsync(outputWav, cancellationToken));
    }

    /// <summary>A short jingle of sine tones (intro or outro).</summary>
    public async Task<double> JingleAsync(string outputWav, double seconds, IReadOnlyList<int> frequencies, CancellationToken cancellationToken)
    {
        var graph = new FilterGraph();
        var each = seconds / frequencies.Count;
        for (var i = 0; i < frequencies.Count; i++)
        {
            graph.Chain(
                [],
                [
                    Filter.Of("sine", ("f", Invariant(frequencies[i])), ("r", Invariant(options.Value.SampleRate)), ("d", AudioFormat.Seconds(each))),
                    Filter.Of("volume", (string.Empty, "0.35")),
                    Filter.Of("afade", ("t", "in"), ("d", "0.05")),
                    AudioFilters.FadeOut(each - 0.08, 0.08),
                ],
                Invariant($"t{i}"));
        }

        graph.Chain([.. Enumerable.Range(0, frequencies.Count).Select(i => Invariant($"t{i}"))], [AudioFilters.Concat(frequencies.Count)], "out");
        await ffmpeg.RunAsync(
            FFMpegArguments.FromFileInput("anullsrc", verifyExists: false, o => o.ForceFormat("lavfi").WithArgument(new LengthArgument(0.01)))
                .OutputToFile(outputWav, overwrite: true, o => o
                    .WithArgument(new FilterGraphArgument(graph))
                    .WithArgument(MapArgument.Label("out"))
                    .WithArgument(new WorkingWavArgument(options.Value.SampleRate))),
            "Generating jingle",
            cancellationToken);
        return await inspector.DurationAsync(outputWav, cancellationToken);
    }

    private async Task<(string Path, double Duration)> WordAsync(string text, string workingDirectory, int index, CancellationToken cancellationToken)
    {
        var raw = Path.Combine(workingDirectory, $"word-{index}-raw.wav");
        var trimmed = Path.Combine(workingDirectory, $"word-{index}.wav");
        await speech.SynthesizeAsync(text, raw, cancellationToken);
        // Silence trimmed from the start, then (reversed) from the end.
        var leading = Filter.Of("silenceremove", ("start_periods", "1"), ("start_threshold", "-45dB"));
        var reverse = Filter.Of("areverse");
        await ffmpeg.RunAsync(
            FFMpegArguments.FromFileInput(raw).OutputToFile(trimmed, overwrite: true, o => o
                .WithArgument(new AudioFilterArgument(leading, reverse, leading, reverse))
                .WithArgument(new WorkingWavArgument(options.Value.SampleRate))),
            "Trimming a word",
            cancellationToken);
        return (trimmed, await SampleDurationAsync(trimmed, cancellationToken));
    }

    private async Task<(string Path, double Duration)> SilenceAsync(string workingDirectory, string name, double seconds, CancellationToken cancellationToken)
    {
        var path = Path.Combine(workingDirectory, name);
        var rate = options.Value.SampleRate;
        await ffmpeg.RunAsync(
            FFMpegArguments.FromFileInput(Filter.Of("anullsrc", ("r", Invariant(rate)), ("cl", "mono")).ToString(), verifyExists: false, o => o.ForceFormat("lavfi"))
                .OutputToFile(path, overwrite: true, o => o.WithArgument(new LengthArgument(seconds)).WithArgument(new WorkingWavArgument(rate))),
            "Generating silence",
            cancellationToken);
        return (path, await SampleDurationAsync(path, cancellationToken));
    }

    /// <summary>Exact duration of a PCM WAV from its data size (probe durations are rounded).</summary>
    private async Task<double> SampleDurationAsync(string wav, CancellationToken cancellationToken)
    {
        var probe = await FFProbe.AnalyseAsync(wav, ffmpeg.FFOptions(), cancellationToken: cancellationToken);
        var stream = probe.PrimaryAudioStream!;
        var dataBytes = new FileInfo(wav).Length - 44;
        var bytesPerSample = 2 * (stream.Channels ?? 1);
        return dataBytes / (double)bytesPerSample / (stream.SampleRateHz ?? options.Value.SampleRate);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
