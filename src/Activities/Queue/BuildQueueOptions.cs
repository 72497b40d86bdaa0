using System.ComponentModel.DataAnnotations;

namespace EpisodeBuilder.Activities.Queue;

/// <summary>
/// How many builds one podcaster may run and queue at once (section <c>Queue</c>), so that one user's many builds never
/// hold every worker while another user's build waits.
/// </summary>
public sealed class BuildQueueOptions
{
    public const string SectionName = "Queue";

    /// <summary>
    /// Builds of one user that run at once (<c>Queue:MaxRunningPerUser</c>, default 3); the user's further builds wait
    /// in line, status <c>Queued</c> with their position, and start in the order they were accepted.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "Queue:MaxRunningPerUser must be between 1 and 1000.")]
    public int MaxRunningPerUser { get; set; } = 3;

    /// <summary>
    /// Builds of one user that may wait in line (<c>Queue:MaxQueuedPerUser</c>, default 20); past it a new build is
    /// refused with 429 and <c>Retry-After</c>.
    /// </summary>
    [Range(0, 10000, ErrorMessage = "Queue:MaxQueuedPerUser must be between 0 and 10000.")]
    public int MaxQueuedPerUser { get; set; } = 20;

    /// <summary>
    /// How often a waiting build looks at its line again (<c>Queue:RecheckInterval</c>, default 1 minute). A build
    /// that ends wakes the user's waiting builds at once; this is the fallback for a wake-up that was lost.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Queue:RecheckInterval must be between 1 s and 1 h.")]
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>What a refused start's <c>Retry-After</c> says (<c>Queue:RetryAfter</c>, default 5 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Queue:RetryAfter must be between 1 s and 24 h.")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromMinutes(5);
}
