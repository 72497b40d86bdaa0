using System.Globalization;
using System.Text.RegularExpressions;
using EpisodeBuilder.Media.Ffmpeg.Arguments;
using FFMpegCore;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>
/// Measures loudness with FFmpeg's <c>ebur128</c> meter (true peak by 4× oversampling) and plans how to reach a target.
/// The meter passes audio through, so a step that writes audio anyway measures it in that same pass
/// (<see cref="AudioFilters.LoudnessMeter"/>, then <see cref="ParseSummary"/>). Reaching the target is one linear gain when the peaks
/// allow it; when they do not, a limiter is needed and it takes loudness off with the peaks, so the gain that lands the
/// limited audio on the target is found with a few fast trial passes (gain, limiter and meter only, no encoding) before
/// the one pass that writes the result. Podcasts conventionally target -16 LUFS.
/// </summary>
public sealed partial class LoudnessProcessor(FfmpegRunner ffmpeg, IOptions<MediaOptions> options)
{

    /// <summary>Most trial passes spent finding a limited gain.</summary>
    public const int MaxTrials = 4;

    public async Task<Loudness> MeasureAsync(string path, CancellationToken cancellationToken) =>
        ParseSummary(await MeterAsync(path, [AudioFilters.LoudnessMeter(truePeak: true)], "Measuring loudness", cancellationToken));

    /// <summary>The adjustment that brings <paramref name="path"/> (measured as <paramref name="measured"/>) to <paramref name="target"/>.</summary>
    public async Task<LoudnessAdjustment> PlanAsync(string path, Loudness measured, LoudnessTarget target, CancellationToken cancellationToken)
    {
        if (measured.IsSilent)
        {
            throw new InvalidMediaException("the audio is silent, so it cannot be loudness-normalised");
        }

        var gain = target.IntegratedLufs - measured.IntegratedLufs;
        if (measured.TruePeakDb + gain <= target.TruePeakDb)
        {
            return new LoudnessAdjustment(gain, null, 0);
        }

        // Limited loudness rises with gain, but less than one for one: secant steps from the plain gain.
        var ceiling = target.LimiterCeilingDb;
        (double Gain, double Lufs)? previous = null;
        var trials = 0;
        while (trials < MaxTrials)
        {
            var trial = new LoudnessAdjustment(gain, ceiling, trials);
            var lufs = ParseSummary(await MeterAsync(path, [.. trial.Filters, AudioFilters.LoudnessMeter(truePeak: false)], "Trying a loudness gain", cancellationToken)).IntegratedLufs;
            trials++;
            var miss = target.IntegratedLufs - lufs;
            if (Math.Abs(miss) <= LoudnessTarget.ToleranceLu)
            {
                break;
            }

            var slope = previous is { } p && Math.Abs(lufs - p.Lufs) > 0.01 ? (gain - p.Gain) / (lufs - p.Lufs) : 1.0;
            previous = (gain, lufs);
            gain += Math.Clamp(miss * Math.Clamp(slope, 1.0, 4.0), -12, 12);
        }

        return new LoudnessAdjustment(gain, ceiling, trials);
    }

    /// <summary>Normalises <paramref name="input"/> to <paramref name="targetLufs"/> into a working-format WAV (measure, plan, one applying pass).</summary>
    public async Task<LoudnessAdjustment> NormalizeAsync(string input, string output, double targetLufs, CancellationToken cancellationToken)
    {
        var target = new LoudnessTarget(targetLufs);
        var adjustment = await PlanAsync(input, await MeasureAsync(input, cancellationToken), target, cancellationToken);
        await ffmpeg.RunAsync(
            MediaInputs.From(input).OutputToFile(output, overwrite: true, o => o
                .WithArgument(new AudioFilterArgument(adjustment.Filters))
                .WithArgument(new WorkingWavArgument(options.Value.SampleRate))),
            "Normalising loudness",
            cancellationToken);
        return adjustment;
    }

    /// <summary>Reads the meter's summary (the last one in the log) into a <see cref="Loudness"/>.</summary>
    public static Loudness ParseSummary(IReadOnlyList<string> log)
    {
        var start = -1;
        for (var i = log.Count - 1; i >= 0; i--)
        {
            if (log[i].Contains("Summary:", StringComparison.Ordinal))
            {
                start = i;
                break;
            }
        }

        if (start < 0)
        {
            throw new MediaProcessingException("Loudness measurement produced no report: " + FfmpegRunner.Tail(log));
        }

        double? integrated = null, threshold = null, range = null, peak = null;
        var section = string.Empty;
        foreach (var line in log.Skip(start + 1))
        {
            var text = line.Trim();
            if (text.EndsWith(':'))
            {
                section = text;
                continue;
            }

            if (Field().Match(text) is not { Success: true } m)
            {
                continue;
            }

            var value = m.Groups["value"].Value.Contains("inf", StringComparison.Ordinal)
                ? double.NegativeInfinity
                : double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            switch (m.Groups["name"].Value)
            {
                case "I":
                    integrated = value;
                    break;
                case "Threshold" when section.StartsWith("Integrated", StringComparison.Ordinal):
                    threshold = value;
                    break;
                case "LRA":
                    range = value;
                    break;
                case "Peak":
                    peak = value;
                    break;
            }
        }

        if (integrated is null)
        {
            throw new MediaProcessingException("Loudness report is incomplete: " + FfmpegRunner.Tail(log.Skip(start)));
        }

        return new Loudness(integrated.Value, peak ?? double.NaN, range ?? 0, threshold ?? integrated.Value - 10);
    }

    private Task<IReadOnlyList<string>> MeterAsync(string path, IReadOnlyList<Filter> filters, string operation, CancellationToken cancellationToken) =>
        ffmpeg.RunAsync(
            MediaInputs.From(path).OutputToNull(o => o.WithArgument(new AudioFilterArgument(filters)).ForceFormat("null")),
            operation,
            cancellationToken);

    [GeneratedRegex(@"^(?<name>I|Threshold|LRA|Peak):\s+(?<value>-?inf|-?[\d.]+)")]
    private static partial Regex Field();
}
