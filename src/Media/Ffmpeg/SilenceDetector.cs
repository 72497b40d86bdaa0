using System.Globalization;
using System.Text.RegularExpressions;
using FFMpegCore;

namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>Finds the silent stretches of a file with FFmpeg's <c>silencedetect</c>.</summary>
public sealed partial class SilenceDetector(FfmpegRunner ffmpeg)
{
    public async Task<IReadOnlyList<TimeRange>> DetectAsync(string path, double durationSeconds, CancellationToken cancellationToken, double noiseDb = -40, double minimumSeconds = 0.3)
    {
        var filter = string.Create(CultureInfo.InvariantCulture, $"silencedetect=noise={noiseDb}dB:d={minimumSeconds}");
        var log = await ffmpeg.RunAsync(
            FFMpegArguments.FromFileInput(path).OutputToNull(o => o.WithCustomArgument($"-af {filter} -f null")),
            "Detecting silence",
            cancellationToken);
        var ranges = new List<TimeRange>();
        double? start = null;
        foreach (var line in log)
        {
            if (StartPattern().Match(line) is { Success: true } s)
            {
                start = Math.Max(0, double.Parse(s.Groups[1].Value, CultureInfo.InvariantCulture));
            }
            else if (EndPattern().Match(line) is { Success: true } e && start is { } began)
            {
                ranges.Add(new TimeRange(began, double.Parse(e.Groups[1].Value, CultureInfo.InvariantCulture)));
                start = null;
            }
        }

        if (start is { } open)
        {
            ranges.Add(new TimeRange(open, durationSeconds));
        }

        return ranges;
    }

    [GeneratedRegex(@"silence_start: (-?[\d.]+)")]
    private static partial Regex StartPattern();

    [GeneratedRegex(@"silence_end: ([\d.]+)")]
    private static partial Regex EndPattern();
}
