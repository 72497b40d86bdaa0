using System.ComponentModel.DataAnnotations;

namespace EpisodeBuilder.DurableEngine;

/// <summary>Which orchestration service holds the task hub's state.</summary>
public enum EngineBackend
{
    /// <summary>Azure Storage queues, tables and blobs (Azurite locally): durable, shared by every process.</summary>
    AzureStorage,

    /// <summary>In memory, one process, lost on exit: for fast unit tests only.</summary>
    InMemory,
}

/// <summary>What a process does with the task hub.</summary>
public enum EngineRole
{
    /// <summary>Client and worker: starts, queries and runs builds.</summary>
    All,

    /// <summary>Client only: starts, queries and cancels builds; runs no step.</summary>
    Api,

    /// <summary>Worker only: runs orchestrations and activities.</summary>
    Worker,
}

/// <summary>
/// How the local host and the tests run the Durable Task engine (section <c>DurableEngine</c>). The defaults are
/// chosen for builds whose single steps run for up to an hour on a 2-core worker; see the README's "Durable engine".
/// </summary>
public sealed class DurableEngineOptions
{
    public const string SectionName = "DurableEngine";

    public EngineBackend Backend { get; set; } = EngineBackend.AzureStorage;

    public EngineRole Role { get; set; } = EngineRole.All;

    /// <summary>Azure Storage connection string (Azurite's when local). Required for <see cref="EngineBackend.AzureStorage"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Task hub name: 3-45 letters and digits, starting with a letter (Azure Storage names its queues and tables after it).</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$", ErrorMessage = "DurableEngine:TaskHub must be 3-45 letters and digits, starting with a letter.")]
    public string TaskHub { get; set; } = "EpisodeBuilder";

    /// <summary>This process's name in the task hub (leases, logs, the step timeline). Unique per process.</summary>
    public string WorkerId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>
    /// How long a dequeued activity message stays invisible before another worker may take it. The engine renews it
    /// every <see cref="LockRenewInterval"/> while the activity runs, so this is not a cap on a step's length: it is
    /// how long a killed worker's step waits before another worker retries it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00", ErrorMessage = "DurableEngine:WorkItemVisibilityTimeout must be between 10 s and 1 h.")]
    public TimeSpan WorkItemVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a dequeued orchestration message (a build's start, a step's result) stays invisible before another worker
    /// may take it: how long a build whose process was killed holding one waits before it goes on elsewhere or after a
    /// restart. The Durable Task Framework's default, 5 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00", ErrorMessage = "DurableEngine:ControlQueueVisibilityTimeout must be between 10 s and 1 h.")]
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a stopping engine lets the orchestration service drain its partitions and release their leases. Past it
    /// the process goes on stopping as a crash would (nothing is lost; the leases expire on their own, so another process
    /// takes the partitions over after the lease interval, 30 s, instead of at once).
    /// </summary>
    public TimeSpan ServiceStopTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>How often a running activity's message lock is renewed; must be well under the visibility timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:20:00", ErrorMessage = "DurableEngine:LockRenewInterval must be between 1 s and 20 min.")]
    public TimeSpan LockRenewInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How often the sidecar sends the worker a health ping on its work-item stream. The SDK worker treats
    /// 120 s without a message as a dead connection (and, after five, recreates its channel, losing the running
    /// step's result); pings keep an idle but healthy stream from looking dead, as the managed backend's do.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "DurableEngine:HealthPingInterval must be between 1 s and 60 s.")]
    public TimeSpan HealthPingInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Activities one worker runs at once. FFmpeg steps are CPU-bound: one per core.</summary>
    [Range(1, 64, ErrorMessage = "DurableEngine:MaxConcurrentActivities must be between 1 and 64.")]
    public int MaxConcurrentActivities { get; set; } = Environment.ProcessorCount;

    /// <summary>Control-queue partitions (Azure Storage): the most workers that can run orchestrations at once.</summary>
    [Range(1, 16, ErrorMessage = "DurableEngine:PartitionCount must be between 1 and 16.")]
    public int PartitionCount { get; set; } = 4;

    /// <summary>Fixed sidecar port, or 0 to let the OS choose (the bound address is read back).</summary>
    [Range(0, 65535)]
    public int SidecarPort { get; set; }

    /// <summary>Checks what data annotations cannot: that the settings fit together. Returns each problem, naming its setting.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var context = new ValidationContext(this);
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, context, results, validateAllProperties: true);
        problems.AddRange(results.Select(r => r.ErrorMessage ?? string.Join(", ", r.MemberNames)));
        if (Backend == EngineBackend.AzureStorage && string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add("DurableEngine:ConnectionString is required for the AzureStorage backend (Azurite's, locally).");
        }

        if (Backend == EngineBackend.InMemory && Role != EngineRole.All)
        {
            problems.Add("DurableEngine:Role must be All for the InMemory backend: its state lives in one process.");
        }

        if (LockRenewInterval * 2 > WorkItemVisibilityTimeout)
        {
            problems.Add("DurableEngine:LockRenewInterval must be at most half of DurableEngine:WorkItemVisibilityTimeout, or a lock can lapse between renewals.");
        }

        if (string.IsNullOrWhiteSpace(WorkerId))
        {
            problems.Add("DurableEngine:WorkerId must not be empty.");
        }

        return problems;
    }
}
