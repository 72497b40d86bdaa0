namespace EpisodeBuilder.Bench;

/// <summary>
/// Samples, every <c>interval</c> until stopped, the memory of one process and of every process below it, and keeps
/// each one's peak by tool name (the file name of its command's first word: <c>ffmpeg</c>, <c>ffprobe</c>,
/// <c>pocketsphinx_continuous</c>, <c>node</c>, ...). Two peaks per name: the highest <c>VmRSS</c> sampled, and the
/// highest <c>VmHWM</c> read (the kernel's own high-water mark, which also counts peaks between samples and of
/// processes that lived only a few samples). The sampled process's own samples are kept as a timeline, so a peak can be
/// placed in what the process was doing then.
/// </summary>
public sealed class ProcessSampler : IAsyncDisposable
{
    private readonly int _root;
    private readonly string _rootCommand;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, Peak> _tools = new(StringComparer.Ordinal);
    private readonly Peak _rootPeak = new();
    private readonly List<MemorySample> _timeline = [];
    private readonly Task _loop;
    private int _samples;

    private ProcessSampler(int root, TimeSpan interval)
    {
        _root = root;
        _rootCommand = ProcFs.CommandLine(root);
        _loop = Task.Run(() => LoopAsync(interval));
    }

    public static ProcessSampler Start(int pid, TimeSpan interval) => new(pid, interval);

    /// <summary>Stops sampling (after one last sample) and returns the peaks.</summary>
    public async Task<MemoryPeaks> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Sample();
        return new MemoryPeaks(
            Mb(_rootPeak.RssKb),
            Mb(_rootPeak.HwmKb),
            _tools.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new ToolPeak(t.Key, Mb(t.Value.RssKb), Mb(t.Value.HwmKb), t.Value.Pids.Count)).ToList(),
            _samples,
            _timeline);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await _loop;
        }

        _stop.Dispose();
    }

    private async Task LoopAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                Sample();
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void Sample()
    {
        _samples++;
        if (ProcFs.ReadMemory(_root) is { } root)
        {
            _rootPeak.Add(_root, root);
            _timeline.Add(new MemorySample(DateTimeOffset.UtcNow, Mb(root.RssKb), Mb(root.AnonKb), Mb(root.FileKb), Mb(root.ShmemKb)));
        }

        foreach (var pid in ProcFs.Descendants(_root))
        {
            var command = ProcFs.CommandLine(pid);

            // A child between fork and exec still looks like (and shares the memory of) its parent: not a tool yet.
            if (command.Length == 0 || command == _rootCommand || ProcFs.ReadMemory(pid) is not { } memory)
            {
                continue;
            }

            var name = ProcFs.ToolName(command);
            if (!_tools.TryGetValue(name, out var peak))
            {
                _tools[name] = peak = new Peak();
            }

            peak.Add(pid, memory);
        }
    }

    private static double Mb(long kilobytes) => Math.Round(kilobytes / 1024.0, 1);

    private sealed class Peak
    {
        public long RssKb { get; private set; }

        public long HwmKb { get; private set; }

        public HashSet<int> Pids { get; } = [];

        public void Add(int pid, ProcFs.Memory memory)
        {
            RssKb = Math.Max(RssKb, memory.RssKb);
            HwmKb = Math.Max(HwmKb, memory.HwmKb);
            Pids.Add(pid);
        }
    }
}

/// <summary>The sampled process's peaks and those of each tool below it, in MB (MiB), how many samples were taken, and the sampled process's samples in order.</summary>
public sealed record MemoryPeaks(double PeakRssMb, double PeakHwmMb, IReadOnlyList<ToolPeak> Tools, int Samples, IReadOnlyList<MemorySample> Timeline);

/// <summary>One sample of a process's resident set and its parts (anonymous, file-backed, shared), in MB (MiB).</summary>
public sealed record MemorySample(DateTimeOffset At, double RssMb, double AnonMb, double FileMb, double ShmemMb);

/// <summary>One tool's peak memory over every process of that name (sampled VmRSS, and VmHWM), and how many processes it ran as.</summary>
public sealed record ToolPeak(string Name, double PeakRssMb, double PeakHwmMb, int Processes);
