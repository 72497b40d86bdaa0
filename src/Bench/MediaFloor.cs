using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Media;
using EpisodeBuilder.Media.Ffmpeg;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Bench;

/// <summary>
/// The least a build's media work (the cut, the merge and the encode) can cost on this machine: two FFmpeg passes over
/// local files doing the same cuts, join, loudness and MP3 encode, with nothing in between. The build's edit plan gives
/// the kept ranges (<see cref="AudioCutter.Kept"/>); an ffconcat script plays the recording once per kept range
/// (inpoint/outpoint), joined with the intro and the outro (all brought to 44.1 kHz mono s16). Pass 1 measures the
/// whole (<c>ebur128</c>, true peak) while writing it to a local WAV; the gain to the target is planned as the product
/// plans it (a plain gain, or a limiter and short trial passes that land the limited audio on the target); pass 2
/// applies it and encodes 128 kbit/s mono MP3. The floor is the passes' wall times added.
/// </summary>
public static partial class MediaFloor
{
    public const double MinimumPiece = 0.05;

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

        // Pass 1: cut, join and measure, writing the joined audio locally (the loudness target can only be planned from the
        // whole); then the same gain planning as the product (trial passes only when a limiter is needed); pass 2 encodes.
        var joined = Path.Combine(folder, "joined-floor.wav");
        var measure = await ToolRun.RunAsync("ffmpeg", [.. inputs, "-y", "-filter_complex", join + ",ebur128=peak=true:framelog=verbose[out]", "-map", "[out]", "-c:a", "pcm_s16le", joined], cancellationToken);
        var (integrated, truePeak) = ParseSummary(measure.ErrorLines);

        var loudness = new LoudnessProcessor(new FfmpegRunner(Options.Create(new MediaOptions())), Options.Create(new MediaOptions()));
        var planning = System.Diagnostics.Stopwatch.StartNew();
        var adjustment = await loudness.PlanAsync(joined, new Loudness(integrated, truePeak, 0, integrated - 10), new LoudnessTarget(targetLufs), cancellationToken);
        planning.Stop();

        var mp3 = Path.Combine(folder, "episode-floor.mp3");
        var encode = await ToolRun.RunAsync(
            "ffmpeg",
            ["-hide_banner", "-nostdin", "-nostats", "-y", "-i", joined, "-af", string.Join(",", adjustment.Filters), "-c:a", "libmp3lame", "-b:a", "128k", "-ar", "44100", "-ac", "1", mp3],
            cancellationToken);
        File.Delete(joined);

        var seconds = measure.Seconds + planning.Elapsed.TotalSeconds + encode.Seconds;
        return new MediaFloorResult(
            kept.Count, kept.Sum(k => k.Duration), measure.Seconds, planning.Elapsed.TotalSeconds, adjustment.Trials, encode.Seconds, seconds,
            integrated, truePeak, adjustment.GainDb, Math.Max(measure.PeakRssMb, encode.PeakRssMb), mp3);
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
    double PlanSeconds,
    int Trials,
    double EncodeSeconds,
    double Seconds,
    double MeasuredLufs,
    double TruePeakDb,
    double GainDb,
    double PeakRssMb,
    string Mp3);
