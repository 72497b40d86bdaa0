using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Media.Ffmpeg;

namespace EpisodeBuilder.Bench;

/// <summary>
/// The least a build's media work (clean-audio + merge + encode) can cost on this machine: two FFmpeg passes over
/// local files doing the same cuts, join, loudness and MP3 encode, with nothing in between. The build's edit plan gives
/// the kept ranges (<see cref="AudioCutter.Kept"/>); an ffconcat script plays the recording once per kept range
/// (inpoint/outpoint), joined with the intro and the outro (all brought to 44.1 kHz mono s16). Pass 1 measures the
/// whole (<c>ebur128</c>, true peak) to <c>-f null</c>; pass 2 applies the gain to the target, a -1.5 dBTP limiter and
/// encodes 128 kbit/s mono MP3. The floor is the two passes' wall times added.
/// </summary>
public static partial class MediaFloor
{
    public const double MinimumPiece = 0.05;
    public const double LimitDbtp = -1.5;

    public static async Task<MediaFloorResult> MeasureAsync(BenchRecording recording, EditPlan plan, double targetLufs, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var kept = AudioCutter.Kept(plan.DurationSeconds, plan.Cuts.Select(c => c.Range), MinimumPiece);
        var script = Path.Combine(folder, "content.ffconcat");
        var text = new StringBuilder("ffconcat version 1.0\n");
        foreach (var range in kept)
        {
            text.Append(CultureInfo.InvariantCulture, $"file '{recording.Wav.Replace("'", "'\\''", StringComparison.Ordinal)}'\ninpoint {Seconds(range.Start)}\noutpoint {Seconds(range.End)}\n");
        }

        await File.WriteAllTextAsync(script, text.ToString(), cancellationToken);

        const string format = "aformat=sample_fmts=s16:sample_rates=44100:channel_layouts=mono";
        var join = $"[0:a]{format}[intro];[1:a]{format}[content];[2:a]{format}[outro];[intro][content][outro]concat=n=3:v=0:a=1";
        string[] inputs = ["-hide_banner", "-nostdin", "-nostats", "-i", recording.Intro, "-f", "concat", "-safe", "0", "-i", script, "-i", recording.Outro];

        var measure = await ToolRun.RunAsync("ffmpeg", [.. inputs, "-filter_complex", join + ",ebur128=peak=true[out]", "-map", "[out]", "-f", "null", "-"], cancellationToken);
        var (integrated, truePeak) = ParseSummary(measure.ErrorLines);

        var gain = targetLufs - integrated;
        var limit = Math.Pow(10, LimitDbtp / 20);
        var mp3 = Path.Combine(folder, "episode-floor.mp3");
        var apply = Invariant($"{join},volume={gain:0.###}dB,alimiter=limit={limit:0.######}:level=false:latency=true[out]");
        var encode = await ToolRun.RunAsync(
            "ffmpeg",
            [.. inputs, "-y", "-filter_complex", apply, "-map", "[out]", "-c:a", "libmp3lame", "-b:a", "128k", "-ar", "44100", "-ac", "1", mp3],
            cancellationToken);

        return new MediaFloorResult(
            kept.Count, kept.Sum(k => k.Duration), measure.Seconds, encode.Seconds, measure.Seconds + encode.Seconds,
            integrated, truePeak, gain, Math.Max(measure.PeakRssMb, encode.PeakRssMb), mp3);
    }

    /// <summary>The integrated loudness (<c>I</c>, LUFS) and true peak (<c>Peak</c>, dBFS) of the last <c>ebur128</c> summary in FFmpeg's log.</summary>
    public static (double IntegratedLufs, double TruePeakDb) ParseSummary(IReadOnlyList<string> log)
    {
        var summary = log.Count;
        for (var i = log.Count - 1; i >= 0; i--)
        {
            if (log[i].Contains("Summary:", StringComparison.Ordinal))
            {
                summary = i;
                break;
            }
        }

        double? integrated = null, peak = null;
        foreach (var line in log.Skip(summary))
        {
            if (SummaryField().Match(line) is not { Success: true } field)
            {
                continue;
            }

            var text = field.Groups["value"].Value;
            var value = text.Contains("inf", StringComparison.Ordinal) ? double.NegativeInfinity : double.Parse(text, CultureInfo.InvariantCulture);
            if (field.Groups["name"].Value == "I")
            {
                integrated = value;
            }
            else
            {
                peak = value;
            }
        }

        if (integrated is not { } lufs || !double.IsFinite(lufs) || peak is not { } dbfs)
        {
            throw new BenchFailedException("the media floor's ebur128 pass printed no usable summary: " + string.Join(" | ", log.Where(l => l.Length > 0).TakeLast(8)));
        }

        return (lufs, dbfs);
    }

    private static string Seconds(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*(?<name>I|Peak):\s+(?<value>-?inf|-?[\d.]+)")]
    private static partial Regex SummaryField();
}

/// <summary>
/// The media floor of one build: how many ranges were kept and how long they last, each pass's wall time and their sum,
/// what pass 1 measured and the gain pass 2 applied, the passes' peak memory and the MP3 made.
/// </summary>
public sealed record MediaFloorResult(
    int KeptRanges,
    double KeptSeconds,
    double MeasureSeconds,
    double EncodeSeconds,
    double Seconds,
    double MeasuredLufs,
    double TruePeakDb,
    double GainDb,
    double PeakRssMb,
    string Mp3);
