using System.Globalization;
using System.Text.RegularExpressions;
using EpisodeBuilder.Media.Ffmpeg.Arguments;
using FFMpegCore;

namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>
/// Finds the silent stretches of audio with FFmpeg's <c>silencedetect</c>, on its own pass (<see cref="DetectAsync"/>)
/// or inside a pass that decodes anyway (<see cref="AudioFilters.SilenceDetect"/> then <see cref="Parse"/> of that pass's log).
/// </summary>
public sealed partial class SilenceDetector(FfmpegRunner ffmpeg)
{
    public const double DefaultNoiseDb = -40;
    public const double DefaultMinimumSeconds = 0.3;

    public async Task<IReadOnlyList<TimeRange>> DetectAsync(string path, double durationSeconds, CancellationToken cancellationToken, double noiseDb = DefaultNoiseDb, double minimumSeconds = DefaultMinimumSeconds)
    {
        var log = await ffmpeg.RunAsync(
            MediaInputs.From(path).OutputToNull(o => o.WithArgument(new AudioFilterArgument(AudioFilters.SilenceDetect(noiseDb, minimumSeconds))).ForceFormat("null")),
            "Detecting silence",
            cancellationToken);
        return Parse(log, durationSeconds);
    }

    /// <summary>Reads the silences from a log of a pass that ran <see cref="AudioFilters.SilenceDetect"/>; one still open at the end runs to the end.</summary>
    public static IReadOnlyList<TimeRange> Parse(IEnumerable<string> log, double durationSeconds)
    {
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
                ranges.Add(new TimeRange(began, Math.Min(durationSeconds, double.Parse(e.Groups[1].Value, CultureInfo.InvariantCulture))));
                start = null;
            }
        }

        if (start is { } open && open < durationSeconds)
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
