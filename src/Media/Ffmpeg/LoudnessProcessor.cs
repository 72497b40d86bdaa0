using System.Globalization;
using System.Text.Json;
using FFMpegCore;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>
/// Measures loudness and normalises to a target with FFmpeg's two-pass <c>loudnorm</c>: the first pass measures,
/// the second applies a linear gain from those measurements, so the result lands within 1 LU of the target
/// without pumping. Podcasts conventionally target -16 LUFS.
/// </summary>
public sealed class LoudnessProcessor(FfmpegRunner ffmpeg, IOptions<MediaOptions> options)
{
    public const double DefaultTruePeak = -1.5;
    public const double DefaultRange = 11;

    public async Task<Loudness> MeasureAsync(string path, CancellationToken cancellationToken, double target = -16)
    {
        var filter = string.Create(CultureInfo.InvariantCulture, $"loudnorm=I={target}:TP={DefaultTruePeak}:LRA={DefaultRange}:print_format=json");
        var log = await ffmpeg.RunAsync(
            FFMpegArguments.FromFileInput(path).OutputToNull(o => o.WithCustomArgument($"-af {filter} -f null")),
            "Measuring loudness",
            cancellationToken);
        return Parse(log);
    }

    /// <summary>Normalises <paramref name="input"/> to <paramref name="targetLufs"/> into a working-format WAV.</summary>
    public async Task<Loudness> NormalizeAsync(string input, string output, double targetLufs, CancellationToken cancellationToken)
    {
        var measured = await MeasureAsync(input, cancellationToken, targetLufs);
        if (double.IsInfinity(measured.IntegratedLufs) || measured.IntegratedLufs < -70)
        {
            throw new InvalidMediaException("the audio is silent, so it cannot be loudness-normalised");
        }

        var filter = string.Create(
            CultureInfo.InvariantCulture,
            $"loudnorm=I={targetLufs}:TP={DefaultTruePeak}:LRA={DefaultRange}:measured_I={measured.IntegratedLufs}:measured_TP={measured.TruePeakDb}:measured_LRA={measured.RangeLu}:measured_thresh={measured.ThresholdLufs}:offset={measured.TargetOffset}:linear=true:print_format=json");
        var log = await ffmpeg.RunAsync(
            FFMpegArguments.FromFileInput(input).OutputToFile(output, overwrite: true, o => o
                .WithCustomArgument($"-af {filter}")
                .WithCustomArgument(AudioFormat.WorkingWav(options.Value.SampleRate))),
            "Normalising loudness",
            cancellationToken);
        return Parse(log);
    }

    private static Loudness Parse(IReadOnlyList<string> log)
    {
        var start = -1;
        for (var i = log.Count - 1; i >= 0; i--)
        {
            if (log[i].TrimStart().StartsWith('{'))
            {
                start = i;
                break;
            }
        }

        if (start < 0)
        {
            throw new MediaProcessingException("Loudness measurement produced no report: " + FfmpegRunner.Tail(log));
        }

        var json = string.Join('\n', log.Skip(start).TakeWhile(l => true));
        json = json[..(json.LastIndexOf('}') + 1)];
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var isSecondPass = root.TryGetProperty("output_i", out _);
        double Read(string name) => double.Parse(root.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
        return isSecondPass
            ? new Loudness(Read("output_i"), Read("output_tp"), Read("output_lra"), Read("output_thresh"), Read("target_offset"))
            : new Loudness(Read("input_i"), Read("input_tp"), Read("input_lra"), Read("input_thresh"), Read("target_offset"));
    }
}
