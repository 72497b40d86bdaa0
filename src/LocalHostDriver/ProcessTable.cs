namespace EpisodeBuilder.LocalHostDriver;

/// <summary>Linux's process table, read from /proc.</summary>
public static class ProcessTable
{
    public sealed record Entry(int Pid, int ParentPid, string Name);

    public static IReadOnlyList<Entry> All()
    {
        var entries = new List<Entry>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var fields = stat[(close + 2)..].Split(' ');
                entries.Add(new Entry(pid, int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), stat[(open + 1)..close]));
            }
            catch (IOException)
            {
                // The process ended while we read.
            }
        }

        return entries;
    }

    public static IReadOnlyList<Entry> Descendants(int pid)
    {
        var all = All();
        var result = new List<Entry>();
        var parents = new HashSet<int> { pid };
        bool added;
        do
        {
            added = false;
            foreach (var entry in all.Where(e => parents.Contains(e.ParentPid) && !parents.Contains(e.Pid)))
            {
                parents.Add(entry.Pid);
                result.Add(entry);
                added = true;
            }
        }
        while (added);
        return result;
    }

    /// <summary>Kills (SIGKILL) the descendants of <paramref name="pid"/> named <paramref name="name"/>; returns how many it killed.</summary>
    public static int Kill(int pid, string name)
    {
        var killed = 0;
        foreach (var entry in Descendants(pid).Where(e => e.Name == name))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(entry.Pid);
                process.Kill();
                killed++;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }

        return killed;
    }
}
