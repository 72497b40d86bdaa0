using System.Globalization;

namespace EpisodeBuilder.Bench;

/// <summary>
/// How fast the machine is at one moment: PocketSphinx over the same 30 s of 16 kHz speech (cut once from the first
/// recording), timed. A floor is measured minutes after the build it is compared with, and on a shared VM the same work
/// can take far longer at one moment than at another: identical PocketSphinx runs on one 180 s clip took 41 to 64 s of
/// CPU within six minutes on the benchmark machine, alone or two at once. So each length is probed before its build,
/// after it and after its floors, and the report shows how far apart those moments were.
/// </summary>
public sealed class SpeedProbe
{
    public const double ClipStartSeconds = 30;
    public const double ClipSeconds = 30;

    private readonly string _clip;

    private SpeedProbe(string clip) => _clip = clip;

    /// <summary>Cuts the probe's clip from <paramref name="recordingWav"/> into <paramref name="folder"/>.</summary>
    public static async Task<SpeedProbe> PrepareAsync(string recordingWav, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var clip = Path.Combine(folder, "probe-16k.wav");
        await ToolRun.RunAsync(
            "ffmpeg",
            ["-hide_banner", "-nostdin", "-y", "-ss", Seconds(ClipStartSeconds), "-t", Seconds(ClipSeconds), "-i", recordingWav, "-c:a", "pcm_s16le", "-ar", "16000", "-ac", "1", clip],
            cancellationToken);
        if (!File.Exists(clip) || new FileInfo(clip).Length < 16000 * 2 * ClipSeconds / 2)
        {
            throw new BenchFailedException($"the speed probe's clip could not be cut from {recordingWav}");
        }

        return new SpeedProbe(clip);
    }

    /// <summary>
    /// Times one PocketSphinx pass over the clip, then two at once, labelled with the moment it was taken. The pair shows
    /// how much of a second core the machine gives: on the benchmark VM one copy of a pair often ran at its solo speed
    /// and the other 25-40 % slower with user time equal to wall time, so two recognisers did 1.66-1.83 cores' worth; at
    /// such a moment chunked transcription cannot reach half the serial floor whatever the code does. At other hours a
    /// pair ran as fast as one alone.
    /// </summary>
    public async Task<ProbeTime> MeasureAsync(string moment, CancellationToken cancellationToken)
    {
        var solo = await RunOnceAsync(cancellationToken);
        var pair = await Task.WhenAll(RunOnceAsync(cancellationToken), RunOnceAsync(cancellationToken));
        return new ProbeTime(moment, Math.Round(solo, 2), [Math.Round(pair[0], 2), Math.Round(pair[1], 2)]);
    }

    private async Task<double> RunOnceAsync(CancellationToken cancellationToken) =>
        (await ToolRun.RunAsync("pocketsphinx_continuous", ["-infile", _clip, "-time", "yes", "-logfn", "/dev/null"], cancellationToken)).Seconds;

    /// <summary>The slowest probe of a length over its fastest (1 when the machine kept one speed), or null without two probes.</summary>
    public static double? Spread(IReadOnlyList<ProbeTime>? probes) =>
        probes is { Count: > 1 } && probes.Min(p => p.Seconds) is > 0 and var fastest ? probes.Max(p => p.Seconds) / fastest : null;

    private static string Seconds(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>
/// One speed probe: when it was taken (before the build, after it, after the floors), the wall time of one pass alone and
/// of each of two passes run at once.
/// </summary>
public sealed record ProbeTime(string Moment, double Seconds, IReadOnlyList<double>? PairSeconds = null)
{
    /// <summary>
    /// The work two passes at once did, in cores' worth of one pass alone (2 when the second core is a whole one), or
    /// null for a probe saved without a pair.
    /// </summary>
    public double? CoresWorth => PairSeconds is [> 0 and var a, > 0 and var b] && Seconds > 0 ? Math.Round((Seconds / a) + (Seconds / b), 2) : null;
}
