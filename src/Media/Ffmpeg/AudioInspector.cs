using System.Globalization;
using System.Text.RegularExpressions;
using EpisodeBuilder.Media.Ffmpeg.Arguments;
using EpisodeBuilder.Media.Wav;
using FFMpegCore;
using FFMpegCore.Arguments;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>
/// Decides whether an upload is usable audio, with a reason a podcaster can act on when it is not: an empty file,
/// something that is not audio (a text file named .mp3), a file with no audio stream, a recording that is too
/// short, or one that is truncated or corrupt (it does not decode to the end its header promises).
/// </summary>
public sealed partial class AudioInspector(FfmpegRunner ffmpeg, IOptions<MediaOptions> options)
{
    private readonly MediaOptions _options = options.Value;

    public async Task<AudioInfo> InspectAsync(string path, CancellationToken cancellationToken)
    {
        var (analysis, size) = await ProbeAsync(path, cancellationToken);
        return Check(analysis, size, await DecodedSecondsAsync(path, cancellationToken));
    }

    /// <summary>
    /// Inspects an upload and, in the same single decode, writes the working WAV, a 16 kHz mono WAV for speech
    /// recognition, and finds the silences: every figure later steps need, from one read of the recording. A recording
    /// longer than <paramref name="longest"/> is refused from its header, before the decode; one whose header understates
    /// its length is decoded no further than just past the limit, then refused.
    /// </summary>
    public async Task<DecodedRecording> InspectAndDecodeAsync(
        string path, string workingWav, string speechWav, CancellationToken cancellationToken,
        double silenceNoiseDb = SilenceDetector.DefaultNoiseDb, double silenceMinimumSeconds = SilenceDetector.DefaultMinimumSeconds, RecordingLimit? longest = null)
    {
        var (analysis, size) = await ProbeAsync(path, cancellationToken);
        if (longest is not null)
        {
            longest.Check(DeclaredSeconds(analysis));
        }

        var rate = _options.SampleRate;
        // Past the limit by a second is enough to know a recording is too long; nothing more is decoded.
        IArgument[] bound = longest is null ? [] : [new LengthArgument(longest.Longest.TotalSeconds + 1)];
        var graph = new FilterGraph()
            .Chain(["0:a:0"], [AudioFilters.Resample(rate), AudioFilters.MonoS16(), AudioFilters.Split(2)], "w", "s")
            .Chain(["w"], [AudioFilters.SilenceDetect(silenceNoiseDb, silenceMinimumSeconds)], "working")
            .Chain(["s"], [AudioFilters.Resample(SpeechSampleRate)], "speech");
        IReadOnlyList<string> log;
        try
        {
            log = await ffmpeg.RunAsync(
                MediaInputs.From(path).OutputToFile(workingWav, overwrite: true, o =>
                {
                    o.WithArgument(new FilterGraphArgument(graph))
                        .WithArgument(new ExtraOutputArgument(speechWav, [MapArgument.Label("speech"), new WorkingWavArgument(SpeechSampleRate), .. bound]));
                    foreach (var argument in bound)
                    {
                        o.WithArgument(argument);
                    }

                    o.WithArgument(MapArgument.Label("working")).WithArgument(new WorkingWavArgument(rate));
                }),
                "Decoding the upload",
                cancellationToken);
        }
        catch (MediaProcessingException e)
        {
            throw new InvalidMediaException($"the audio cannot be decoded ({e.Message})");
        }

        var decoded = WavLayout.Read(workingWav).DurationSeconds;
        longest?.Check(decoded);
        var info = Check(analysis, size, decoded);
        return new DecodedRecording(info, SilenceDetector.Parse(log, decoded), PauseDetector.Detect(speechWav, MinimumPauseSeconds));
    }

    /// <summary>The shortest pause between phrases the decode reports.</summary>
    public const double MinimumPauseSeconds = 0.25;

    /// <summary>Sample rate of the speech-recognition copy (what PocketSphinx's acoustic model expects).</summary>
    public const int SpeechSampleRate = 16000;

    private async Task<(IMediaAnalysis Analysis, long Size)> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        var size = new FileInfo(path).Length;
        if (size == 0)
        {
            throw new InvalidMediaException("the file is empty (0 bytes)");
        }

        IMediaAnalysis analysis;
        try
        {
            analysis = await FFProbe.AnalyseAsync(path, ffmpeg.FFOptions(), cancellationToken: cancellationToken, customArguments: MediaInputs.ProbeArguments(path));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidMediaException("the file is not in a recognised audio format");
        }

        _ = analysis.PrimaryAudioStream ?? throw new InvalidMediaException("the file contains no audio stream");
        return (analysis, size);
    }

    private static double DeclaredSeconds(IMediaAnalysis analysis) =>
        analysis.Duration.TotalSeconds > 0 ? analysis.Duration.TotalSeconds : analysis.PrimaryAudioStream?.Duration.TotalSeconds ?? 0;

    private AudioInfo Check(IMediaAnalysis analysis, long size, double decoded)
    {
        var audio = analysis.PrimaryAudioStream ?? throw new InvalidMediaException("the file contains no audio stream");
        var declared = DeclaredSeconds(analysis);
        if (decoded < _options.MinimumDurationSeconds)
        {
            throw new InvalidMediaException(string.Create(CultureInfo.InvariantCulture, $"the audio is too short ({decoded:0.##} s; at least {_options.MinimumDurationSeconds:0.##} s is needed)"));
        }

        if (declared > 0 && decoded < declared * 0.97 - 0.1)
        {
            throw new InvalidMediaException(string.Create(CultureInfo.InvariantCulture, $"the file is truncated or corrupt: its header promises {declared:0.##} s but only {decoded:0.##} s decode"));
        }

        return new AudioInfo(decoded, analysis.Format.FormatName ?? "unknown", audio.CodecName ?? "unknown", audio.SampleRateHz ?? 0, audio.Channels ?? 0, size);
    }

    /// <summary>Converts any input to the working format: mono 16-bit PCM WAV at the working sample rate.</summary>
    public async Task DecodeToWavAsync(string input, string output, CancellationToken cancellationToken) =>
        await ffmpeg.RunAsync(
            MediaInputs.From(input).OutputToFile(output, overwrite: true, o => o
                .WithArgument(MapArgument.Stream("0:a:0"))
                .WithArgument(new NoVideoArgument())
                .WithArgument(new WorkingWavArgument(_options.SampleRate))),
            "Decoding audio",
            cancellationToken);

    /// <summary>The duration of a file as measured by probing (for files the product made itself).</summary>
    public async Task<double> DurationAsync(string path, CancellationToken cancellationToken)
    {
        var analysis = await FFProbe.AnalyseAsync(path, ffmpeg.FFOptions(), cancellationToken: cancellationToken, customArguments: MediaInputs.ProbeArguments(path));
        return analysis.Duration.TotalSeconds;
    }

    /// <summary>Decodes the whole file and returns how much audio really came out; decode errors mean corruption.</summary>
    private async Task<double> DecodedSecondsAsync(string path, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> log;
        try
        {
            log = await ffmpeg.RunAsync(
                MediaInputs.From(path).OutputToNull(o => o.WithArgument(MapArgument.Stream("0:a:0")).ForceFormat("null")),
                "Decoding the upload",
                cancellationToken);
        }
        catch (MediaProcessingException e)
        {
            throw new InvalidMediaException($"the audio cannot be decoded ({e.Message})");
        }

        var last = log.Select(l => TimePattern().Match(l)).Where(m => m.Success).LastOrDefault();
        if (last is null)
        {
            throw new InvalidMediaException("no audio could be decoded from the file");
        }

        return TimeSpan.ParseExact(last.Groups[1].Value, @"hh\:mm\:ss\.ff", CultureInfo.InvariantCulture).TotalSeconds;
    }

    [GeneratedRegex(@"time=(\d{2}:\d{2}:\d{2}\.\d{2})")]
    private static partial Regex TimePattern();
}

/// <summary>The longest recording accepted, and the setting that says so (named in the refusal).</summary>
public sealed record RecordingLimit(TimeSpan Longest, string Setting)
{
    /// <summary>Refuses <paramref name="seconds"/> of audio longer than <see cref="Longest"/>.</summary>
    public void Check(double seconds)
    {
        if (seconds > Longest.TotalSeconds)
        {
            throw new InvalidMediaException($"the recording is {Clock(seconds)} long; the limit is {Clock(Longest.TotalSeconds)} ({Setting})");
        }
    }

    private static string Clock(double seconds) => TimeSpan.FromSeconds(Math.Round(seconds)).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture);
}
