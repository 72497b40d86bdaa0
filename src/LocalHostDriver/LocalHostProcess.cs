using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace EpisodeBuilder.LocalHostDriver;

/// <summary>
/// One <c>LocalHost serve</c> process, as <c>script/server</c> runs it (the built app in a process of its own): started
/// with arguments and environment, ready once it prints its API's URL (or, for a worker, that it is ready), its output
/// kept (and written to a log file when one is given), stopped with SIGTERM as Ctrl+C would, or killed with SIGKILL.
/// Started in a process group of its own, it can be signalled as a terminal does: the whole group at once.
/// </summary>
public sealed partial class LocalHostProcess : IAsyncDisposable
{
    /// <summary>The signals a terminal or a platform sends: Ctrl+C, a polite stop, a kill; and a freeze and its thaw (Linux numbers).</summary>
    public const int SigInt = 2, SigTerm = 15, SigKill = 9, SigStop = 19, SigCont = 18;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StreamWriter? _log;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _closed;

    private LocalHostProcess(Process process, StreamWriter? log)
    {
        _process = process;
        _log = log;
    }

    public int Pid => _process.Id;

    /// <summary>The API's base URL (<c>http://host:N/</c>); null for a worker.</summary>
    public Uri? ApiUrl { get; private set; }

    /// <summary>Everything the process has printed so far.</summary>
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

    /// <summary>
    /// Starts <c>dotnet <paramref name="appDll"/> serve <paramref name="arguments"/></c> and waits until it is ready;
    /// a process that exits first, or is not ready within <paramref name="timeout"/> (default 90 s), fails with its output.
    /// </summary>
    public static async Task<LocalHostProcess> StartAsync(
        string appDll,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        string? logFile = null,
        TimeSpan? timeout = null,
        bool ownProcessGroup = false,
        CancellationToken cancellationToken = default)
    {
        // setsid makes the process the leader of a new session and process group whose id is its pid (it execs, not
        // forks, since a child of ours leads no group), as a shell's job control does for a command it starts.
        // A terminal's foreground job takes Ctrl+C at its default disposition; a process started from a background job (as
        // CI may run the tests) inherits SIGINT ignored, so env resets it.
        var info = new ProcessStartInfo(ownProcessGroup ? "setsid" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (ownProcessGroup)
        {
            info.ArgumentList.Add("env");
            info.ArgumentList.Add("--default-signal=INT");
            info.ArgumentList.Add("dotnet");
        }

        info.ArgumentList.Add(appDll);
        info.ArgumentList.Add("serve");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var log = logFile is null ? null : new StreamWriter(logFile) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var host = new LocalHostProcess(process, log);
        process.OutputDataReceived += (_, e) => host.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => host.OnLine(e.Data);
        process.Exited += (_, _) =>
        {
            // Exited can come before the last lines are read: waiting without a timeout drains the redirected streams first,
            // so the exception quotes why the process stopped.
            process.WaitForExit();
            host._ready.TrySetException(new InvalidOperationException("The local host exited before it was ready:\n" + host.Tail()));
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host._ready.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(90), cancellationToken);
        }
        catch (TimeoutException)
        {
            await host.DisposeAsync();
            throw new TimeoutException("The local host did not come up:\n" + host.Tail());
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>Waits until the process has written <paramref name="text"/>; past <paramref name="timeout"/> fails with its last lines.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The local host never wrote '{text}':{Environment.NewLine}{Tail(20)}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The last <paramref name="lines"/> lines the process printed, for error messages.</summary>
    public string Tail(int lines = 30) => string.Join(Environment.NewLine, Output.Split(Environment.NewLine).TakeLast(lines + 1)).TrimEnd();

    /// <summary>Processes named <paramref name="name"/> this process started that are still running.</summary>
    public IReadOnlyList<int> ChildTools(string name = "ffmpeg") => ProcessTable.Descendants(Pid).Where(p => p.Name == name).Select(p => p.Pid).ToList();

    /// <summary>
    /// Sends <paramref name="signal"/> (<see cref="SigInt"/>, <see cref="SigTerm"/>, <see cref="SigKill"/>) to the process's
    /// whole group, as a terminal's Ctrl+C or a container runtime does; the process must have been started with
    /// <c>ownProcessGroup</c>.
    /// </summary>
    public void SignalGroup(int signal)
    {
        if (SendSignal(-_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill(-{_process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the process to exit; true when it did.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// SIGTERM, as Ctrl+C or a platform stop would: the host shuts down in order and stops its Azurite. A host still
    /// running after <paramref name="timeout"/> (default 30 s) is killed with its children and the call fails.
    /// </summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (_process.HasExited)
        {
            return;
        }

        _ = SendSignal(_process.Id, SigTerm);
        if (!await WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(30)))
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException("The local host did not stop on SIGTERM and was killed:\n" + Tail());
        }
    }

    /// <summary>Kills a host still running, with its children.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        lock (_output)
        {
            _closed = true;
            _log?.Dispose();
        }
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
            if (!_closed)
            {
                _log?.WriteLine(line);
            }
        }

        if (ApiLine().Match(line) is { Success: true } api)
        {
            ApiUrl = new Uri(api.Groups["url"].Value.TrimEnd('/') + "/");
            _ready.TrySetResult();
        }
        else if (line.Contains("worker", StringComparison.Ordinal) && line.Contains(" ready:", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    [GeneratedRegex(@"Episode Builder API:\s+(?<url>http://\S+?)/api/")]
    private static partial Regex ApiLine();
}
