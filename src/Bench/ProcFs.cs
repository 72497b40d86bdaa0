using System.Globalization;

namespace EpisodeBuilder.Bench;

/// <summary>Linux's process table and per-process memory, read from <c>/proc</c>.</summary>
public static class ProcFs
{
    /// <summary>
    /// A process's resident set now (<c>VmRSS</c>) and its high-water mark so far (<c>VmHWM</c>), in kB, with the
    /// resident set's parts: anonymous memory (heaps), file pages (mapped assemblies and libraries) and shared memory
    /// (for .NET, JIT-compiled code, mapped twice under W^X).
    /// </summary>
    public sealed record Memory(long RssKb, long HwmKb, long AnonKb = 0, long FileKb = 0, long ShmemKb = 0);

    /// <summary>The memory lines of <c>/proc/{pid}/status</c>; null when the process is gone or has no memory (a zombie).</summary>
    public static Memory? ReadMemory(int pid)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid}/status");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        long? rss = null, hwm = null;
        long anon = 0, file = 0, shmem = 0;
        foreach (var line in lines)
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kilobytes(line);
            }
            else if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
            {
                anon = Kilobytes(line);
            }
            else if (line.StartsWith("RssFile:", StringComparison.Ordinal))
            {
                file = Kilobytes(line);
            }
            else if (line.StartsWith("RssShmem:", StringComparison.Ordinal))
            {
                shmem = Kilobytes(line);
            }
        }

        return rss is null || hwm is null ? null : new Memory(rss.Value, hwm.Value, anon, file, shmem);
    }

    /// <summary>Every process below <paramref name="pid"/> (children, their children, ...), walking <c>/proc/*/stat</c>'s parent ids.</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var child))
            {
                continue;
            }

            try
            {
                // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'. The parent is
                // cut out of the line as a span: this runs for every process on the machine at every sample.
                var stat = File.ReadAllText(Path.Combine(directory, "stat")).AsSpan();
                var afterState = stat[(stat.LastIndexOf(')') + 4)..];
                var parent = int.Parse(afterState[..afterState.IndexOf(' ')], NumberStyles.None, CultureInfo.InvariantCulture);
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(child);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we read.
            }
        }

        var result = new List<int>();
        var pending = new Queue<int>([pid]);
        while (pending.TryDequeue(out var next))
        {
            foreach (var child in children.GetValueOrDefault(next) ?? [])
            {
                result.Add(child);
                pending.Enqueue(child);
            }
        }

        return result;
    }

    /// <summary>
    /// The process's command line (arguments joined by spaces); empty when it is gone. Its first word names the tool
    /// in full, where <c>/proc/{pid}/comm</c> cuts names at 15 characters (<c>pocketsphinx_co</c>).
    /// </summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    /// <summary>The tool a command line runs: the file name of its first word (<c>/usr/bin/ffmpeg ...</c> is <c>ffmpeg</c>).</summary>
    public static string ToolName(string commandLine)
    {
        var first = commandLine.Split(' ', 2)[0];
        return Path.GetFileName(first);
    }

    /// <summary>The machine's memory (<c>MemTotal</c> of <c>/proc/meminfo</c>) in kB.</summary>
    public static long TotalMemoryKb() =>
        File.ReadLines("/proc/meminfo").Where(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Select(Kilobytes).FirstOrDefault();

    /// <summary>The processor's model name from <c>/proc/cpuinfo</c>, or "unknown".</summary>
    public static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").Where(l => l.StartsWith("model name", StringComparison.Ordinal)).Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()).FirstOrDefault() ?? "unknown";

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
