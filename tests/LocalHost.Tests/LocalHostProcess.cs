using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace EpisodeBuilder.LocalHost.Tests;

/// <summary>
/// One <c>LocalHost serve</c> process, as <c>script/server</c> runs it (the built app, its own process): started with
/// arguments and environment, its output kept, stopped with SIGTERM or killed with SIGKILL.
/// </summary>
public sealed partial class LocalHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LocalHostProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    /// <summary>The API's base URL (<c>http://localhost:N/</c>); null for a worker.</summary>
    public Uri? ApiUrl { get; private set; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once the process has exited.</summary>
    public int ExitCode => _process.ExitCode;

    public static string AppDll
    {
        get
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "EpisodeBuilder.LocalHost.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("The local host was not built beside the tests.", dll);
        }
    }

    public static async Task<LocalHostProcess> StartAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(AppDll);
        info.ArgumentList.Add("serve");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var host = new LocalHostProcess(process);
        process.OutputDataReceived += (_, e) => host.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => host.OnLine(e.Data);
        process.Exited += (_, _) => host._ready.TrySetException(new InvalidOperationException("The local host exited before it was ready:\n" + host.Output));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host._ready.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            await host.DisposeAsync();
            throw new TimeoutException("The local host did not come up:\n" + host.Output);
        }

        return host;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ApiLine().Match(line) is { Success: true } api)
        {
            ApiUrl = new Uri(api.Groups["url"].Value.TrimEnd('/') + "/");
            _ready.TrySetResult(line);
        }
        else if (line.Contains("worker", StringComparison.Ordinal) && line.Contains(" ready:", StringComparison.Ordinal))
        {
            _ready.TrySetResult(line);
        }
    }

    /// <summary>FFmpeg processes this process started that are still running (read from the process table).</summary>
    public IReadOnlyList<int> ChildTools(string name = "ffmpeg") => ProcessTable.Descendants(Pid).Where(p => p.Name == name).Select(p => p.Pid).ToList();

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as Ctrl+C or a platform stop would: the host shuts down in order.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (_process.HasExited)
        {
            return;
        }

        _ = SendSignal(_process.Id, 15);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException("The local host did not stop on SIGTERM:\n" + Output);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    [GeneratedRegex(@"Episode Builder API:\s+(?<url>http://\S+?)/api/")]
    private static partial Regex ApiLine();
}

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
}
