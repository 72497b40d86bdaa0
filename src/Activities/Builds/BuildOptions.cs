using System.ComponentModel.DataAnnotations;

namespace EpisodeBuilder.Activities.Builds;

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
    /// How long a build that asked for review waits for its owner's approval before it ends Canceled, publishing nothing.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "90.00:00:00", ErrorMessage = "Builds:ReviewDeadline must be between 1 s and 90 days.")]
    public TimeSpan ReviewDeadline { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Return a step's garbage to the system when the step ends (a full, compacting collection that also decommits).
    /// Steps allocate in bursts (a transcript, a plan, HTTP buffers) and then wait minutes on FFmpeg or PocketSphinx;
    /// without this the worker's heap grows with the number of steps a build runs, so an hour's build (22 transcription
    /// chunks) held about 30 MB more than a ten-minute one. Each collection takes milliseconds (the live heap is small).
    /// </summary>
    public bool CollectAfterStep { get; set; } = true;

    /// <summary>
    /// Bytes the process may allocate before a generation-1 collection is asked for (<c>Builds:AllocationBudgetBytes</c>;
    /// see <see cref="Hosting.AllocationBudget"/>); 0 leaves the GC its own budget. Default 32 MiB: a backstop for
    /// recordings of several hours, above what an hour's step allocates (the merge, about 8 MB in its first second and
    /// 2 MB/s or less after, by <c>dotnet-counters</c>), because a
    /// forced collection is not free in memory either: at 8 MiB one fired in the hour's merge and the step's memory rose
    /// 7.2 MB at that moment and stayed there.
    /// </summary>
    [Range(0, 1L << 30, ErrorMessage = "Builds:AllocationBudgetBytes must be between 0 (off) and 1 GiB.")]
    public long AllocationBudgetBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>
    /// How often the native heap's free memory is handed back to the system (<c>Builds:NativeHeapTrimInterval</c>; see
    /// <see cref="Hosting.NativeHeapTrimmer"/>); zero turns it off. Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Builds:NativeHeapTrimInterval must be between 0 (off) and 1 h.")]
    public TimeSpan NativeHeapTrimInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The default of <see cref="NativeHeapArenas"/>.</summary>
    public const int DefaultNativeHeapArenas = 2;

    /// <summary>The largest <see cref="NativeHeapArenas"/> accepted.</summary>
    public const int MaxNativeHeapArenas = 1024;

    /// <summary>
    /// How many malloc arenas the C library may keep (<c>Builds:NativeHeapArenas</c>; see <see cref="Hosting.ArenaLimit"/>,
    /// applied once at start-up, so a change needs a restart); 0 leaves glibc's own limit of 8 per core, and
    /// <c>MALLOC_ARENA_MAX</c> in the environment wins over it. Default 2.
    /// </summary>
    [Range(0, MaxNativeHeapArenas, ErrorMessage = "Builds:NativeHeapArenas must be a whole number between 0 (the C library's own limit) and 1024.")]
    public int NativeHeapArenas { get; set; } = DefaultNativeHeapArenas;
}
