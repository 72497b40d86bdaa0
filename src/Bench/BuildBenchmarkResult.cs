namespace EpisodeBuilder.Bench;

/// <summary>
/// One <c>script/bench build</c> run: the machine, each length's build measured against its floors, how the steps
/// scale from the shortest length to the longest, and the targets of the "hour-long episodes" issue. A run stopped by
/// a failure keeps the lengths measured before it and says what failed.
/// </summary>
public sealed record BuildBenchmarkResult(
    DateTimeOffset StartedAt,
    MachineInfo Machine,
    IReadOnlyList<int> Minutes,
    IReadOnlyList<LengthResult> Lengths,
    ScalingResult? Scaling,
    IReadOnlyList<TargetCheck> Targets,
    string? Failure);

/// <summary>Where the run ran: cores, memory (<c>/proc/meminfo</c>), processor, OS, .NET and FFmpeg.</summary>
public sealed record MachineInfo(int Cores, double MemoryMb, string Cpu, string Os, string Runtime, string Ffmpeg);

/// <summary>
/// One length: its recording, the build's steps (seconds from the status's <c>startedAt</c>/<c>finishedAt</c>) and total
/// (wall time from the POST until the status said it ended), the media and transcription steps against their floors,
/// the snippet call, memory, the edits the build made, and the machine's speed probes (<see cref="SpeedProbe"/>) taken
/// before the build, after it and after the floors. <c>TranscriptionFloor</c> is the serial floor measured after the
/// build, <c>TranscriptionFloorBefore</c> the one measured before it (null in runs saved before it was measured).
/// </summary>
public sealed record LengthResult(
    int Minutes,
    BenchRecording Recording,
    string RunDirectory,
    string BuildId,
    IReadOnlyList<StepTime> Steps,
    double TotalSeconds,
    double? MediaSeconds,
    MediaFloorResult MediaFloor,
    double? MediaRatio,
    double? TranscribeSeconds,
    TranscriptionFloorResult TranscriptionFloor,
    double? TranscriptionRatio,
    SnippetTiming Snippet,
    AppMemory Memory,
    EditSummary Edits,
    IReadOnlyList<ProbeTime>? Probes = null,
    TranscriptionFloorResult? TranscriptionFloorBefore = null)
{
    public double? StepSeconds(string name) => Steps.FirstOrDefault(s => s.Name == name)?.Seconds;

    /// <summary>
    /// The serial floor the build's transcription is compared with: the mean of the floors before and after the build, or
    /// the one after it in a run that has no floor before.
    /// </summary>
    public double TranscriptionFloorSeconds => TranscriptionFloorBefore is { } before
        ? Math.Round((before.Seconds + TranscriptionFloor.Seconds) / 2, 3)
        : TranscriptionFloor.Seconds;
}

/// <summary>One step as the status reported it; <c>Seconds</c> is null for a step that never ran (skipped).</summary>
public sealed record StepTime(string Name, string Status, double? Seconds, string? Worker);

/// <summary>The first <c>POST /api/episodes/{id}/snippets</c> of a 30 s range of the uploaded recording, in milliseconds.</summary>
public sealed record SnippetTiming(string Source, double StartSeconds, double EndSeconds, double FirstCallMs);

/// <summary>
/// The server's memory: its <c>VmHWM</c> read before it was stopped (the app's peak), the highest <c>VmRSS</c> sampled,
/// and the peaks of the tools below it (<c>node</c> is Azurite, not the app), sampled every 250 ms from before the
/// uploads (the app's VmHWM counts them) until after the snippet call. The app's highest sample is placed in the phase it
/// fell in (upload, a step, between steps, snippet), and each phase's highest sample is kept.
/// </summary>
public sealed record AppMemory(
    double AppPeakRssMb,
    double SampledPeakRssMb,
    IReadOnlyList<ToolPeak> Tools,
    int Samples,
    AppPeak? SampledPeak,
    IReadOnlyList<PhasePeak> Phases);

/// <summary>What the build's edit plan cut (by reason) and flagged.</summary>
public sealed record EditSummary(int Cuts, IReadOnlyDictionary<string, int> CutsByReason, double RemovedSeconds, int Markers);

/// <summary>
/// Each step's time at the longest length divided by its time at the shortest, and the same for the total, the app's
/// peak memory and the two floors. The floors do the same work on local files with nothing around them, so their own
/// growth is the machine's: a floor growing faster than the audio means the machine ran slower during the longer length.
/// </summary>
public sealed record ScalingResult(
    int FromMinutes,
    int ToMinutes,
    IReadOnlyList<StepRatio> Steps,
    double TotalRatio,
    double AppRssRatio,
    double? MediaFloorRatio = null,
    double? TranscriptionFloorRatio = null);

/// <summary>One step's seconds at both ends of the run and their ratio (null where the step did not run at both).</summary>
public sealed record StepRatio(string Name, double? FromSeconds, double? ToSeconds, double? Ratio);

/// <summary>One target of the issue: what it asks, what was measured, and whether it passed.</summary>
public sealed record TargetCheck(string Target, string Measured, bool Pass);
