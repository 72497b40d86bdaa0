using System.ComponentModel.DataAnnotations;

namespace EpisodeBuilder.Orchestration;

/// <summary>How builds run (section <c>Builds</c>).</summary>
public sealed class BuildOptions
{
    public const string SectionName = "Builds";

    /// <summary>
    /// The longest any one step may run before its build fails naming it, so no build stays Running for ever. The
    /// slowest step of a 60-minute recording was measured at about 18 minutes on 2 cores; the default leaves room
    /// for 2-hour recordings on a busy worker.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Builds:StepTimeout must be between 1 s and 24 h.")]
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How often a running step looks for its build's cancel marker in GCS (a cancel stops it within about this long).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Builds:CancelPollInterval must be between 100 ms and 60 s.")]
    public TimeSpan CancelPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long past a step's deadline (or a review's) a build's status may stay unchanged before the status calls the
    /// build stalled and the API logs it: the step should have ended or been stopped by then, so something outside the
    /// step (a frozen worker, a lost message) holds it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Builds:StallMargin must be between 0 and 24 h.")]
    public TimeSpan StallMargin { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the local host's API looks for stalled builds to log (the Functions app's timer looks every 5 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Builds:StallScanInterval must be between 1 s and 24 h.")]
    public TimeSpan StallScanInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a build that asked for review waits for its owner's approval before it ends Canceled, publishing nothing.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "90.00:00:00", ErrorMessage = "Builds:ReviewDeadline must be between 1 s and 90 days.")]
    public TimeSpan ReviewDeadline { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Whether a reusable step takes an earlier build's result for the same inputs instead of running (<c>Builds:ReuseResults</c>,
    /// default true). Off, every step runs and keeps nothing for later builds.
    /// </summary>
    public bool ReuseResults { get; set; } = true;
}
