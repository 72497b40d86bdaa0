using System.Globalization;
using System.Text;

namespace EpisodeBuilder.Bench;

/// <summary>
/// The app's memory samples of one length, each placed in what the server was doing then: <c>upload</c> (the recording,
/// intro and outro going through the API), a build step (by the status's start and finish times), <c>between steps</c>
/// (the orchestration choosing the next one), or <c>snippet</c> (the timed snippet call after the build).
/// </summary>
public sealed class MemoryTimeline(IReadOnlyList<MemorySample> samples, DateTimeOffset buildStarted, DateTimeOffset buildEnded, IReadOnlyList<StepView> steps)
{
    /// <summary>What the server was doing at <paramref name="at"/>.</summary>
    public string PhaseAt(DateTimeOffset at)
    {
        if (at < buildStarted)
        {
            return "upload";
        }

        if (at > buildEnded)
        {
            return "snippet";
        }

        // Steps fanned out (the transcription chunks) overlap: the first that holds the moment names it.
        var step = steps.FirstOrDefault(s => s.StartedAt is { } a && s.FinishedAt is { } b && a <= at && at <= b);
        return step?.Name ?? "between steps";
    }

    /// <summary>The highest sample and what the server was doing then; null when nothing was sampled.</summary>
    public AppPeak? Peak()
    {
        if (samples.Count == 0)
        {
            return null;
        }

        var peak = samples.MaxBy(s => s.RssMb)!;
        return new AppPeak(peak.RssMb, PhaseAt(peak.At), peak.AnonMb, peak.FileMb, peak.ShmemMb, Math.Round((peak.At - samples[0].At).TotalSeconds, 1));
    }

    /// <summary>Each phase's highest sample, in the order the phases first appear.</summary>
    public IReadOnlyList<PhasePeak> PhasePeaks() =>
        samples.GroupBy(s => PhaseAt(s.At)).Select(g => new PhasePeak(g.Key, g.Max(s => s.RssMb), g.Max(s => s.AnonMb))).ToList();

    /// <summary>The samples as CSV: seconds since the first sample, phase, and the resident set and its parts in MB.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder("seconds,phase,rss_mb,anon_mb,file_mb,shmem_mb\n");
        foreach (var s in samples)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{(s.At - samples[0].At).TotalSeconds:F1},{PhaseAt(s.At)},{s.RssMb:F1},{s.AnonMb:F1},{s.FileMb:F1},{s.ShmemMb:F1}\n");
        }

        return csv.ToString();
    }
}

/// <summary>The app's highest sampled resident set (MB), the phase it fell in, its parts, and its time since sampling began.</summary>
public sealed record AppPeak(double RssMb, string Phase, double AnonMb, double FileMb, double ShmemMb, double AtSeconds);

/// <summary>One phase's highest sampled resident set and anonymous part, in MB.</summary>
public sealed record PhasePeak(string Phase, double RssMb, double AnonMb);
