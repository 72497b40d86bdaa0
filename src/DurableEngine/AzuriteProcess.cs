using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EpisodeBuilder.DurableEngine;

/// <summary>
/// Azurite (the Azure Storage emulator, npm package <c>azurite</c>, installed by <c>script/bootstrap</c> under
/// <c>.tools/azurite</c>) run as a child process on loopback ports, with its data in a folder. The child is started
/// through a small shell guard that ends Azurite when this process's pipe to it closes, so Azurite never outlives
/// its parent, not even one killed with SIGKILL. The guard runs in a session of its own (<c>setsid</c>), so signals meant
/// for the parent's process group (Ctrl+C in a terminal, a closed terminal, <c>kill -- -PGID</c>) never reach Azurite:
/// it stops only when the parent is gone, after saving what it holds. <see cref="Exited"/> says when it ended.
/// </summary>
public sealed partial class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account (public, the same on every machine).</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly TaskCompletionSource _closed;

    private AzuriteProcess(Process process, StringBuilder output, TaskCompletionSource closed, Task exited, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        Exited = exited;
        _output = output;
        _closed = closed;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public int ProcessId => _process.Id;

    /// <summary>Completes when Azurite has exited, whether it was stopped or died.</summary>
    public Task Exited { get; }

    /// <summary>Azurite's exit code once <see cref="Exited"/> has completed (a signal shows as 128 + its number).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>A connection string for this Azurite (the development account on its bound ports).</summary>
    public string ConnectionString => ConnectionStringFor(BlobPort, QueuePort, TablePort);

    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};");

    /// <summary>
    /// Starts Azurite with its data in <paramref name="location"/> (null: in memory) on the given ports (0: the OS
    /// chooses; the bound ports are read from Azurite's output) and waits until all three services listen.
    /// </summary>
    public static async Task<AzuriteProcess> StartAsync(string? location, int blobPort = 0, int queuePort = 0, int tablePort = 0, string? executable = null, CancellationToken cancellationToken = default)
    {
        var azurite = executable ?? FindExecutable();
        var arguments = new List<string>
        {
            "--silent", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", blobPort.ToString(CultureInfo.InvariantCulture),
            "--queuePort", queuePort.ToString(CultureInfo.InvariantCulture),
            "--tablePort", tablePort.ToString(CultureInfo.InvariantCulture),
        };
        if (location is null)
        {
            arguments.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(location);
            arguments.AddRange(["--location", location]);
        }

        // The guard: Azurite in the background and a watcher whose `cat` reads our pipe; when the pipe closes (we
        // exited, however we exited) the watcher stops Azurite (SIGTERM, then SIGKILL after 30 s). The guard itself
        // ends when Azurite does, so a failed start is seen at once. Azurite writes to a log file that `tail` relays
        // to us: were it writing to our pipe, a SIGKILLed parent would leave it a broken pipe, and Azurite dies of
        // the EPIPE while logging its shutdown, before it saves its last writes. With a data folder, the guard first takes a lock
        // on it (flock, held by Azurite and the watcher until they exit): a server restarted right after a SIGKILL
        // waits for the old Azurite to finish saving instead of opening the same files beside it.
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--wait");
        info.ArgumentList.Add("/bin/sh");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(
            "exec 3<&0; trap '' PIPE; " +
            "if [ -n \"$AZURITE_LOCK\" ]; then exec 9>\"$AZURITE_LOCK\"; flock -w 60 9 || { echo \"Azurite data folder still in use: $AZURITE_LOCK\" >&2; exit 97; }; fi; " +
            ": >\"$AZURITE_LOG\"; \"$0\" \"$@\" </dev/null >>\"$AZURITE_LOG\" 2>&1 & a=$!; " +
            "tail -n +1 -f --pid=$a \"$AZURITE_LOG\" & " +
            "( cat <&3 >/dev/null; kill $a 2>/dev/null; i=0; " +
            "while kill -0 $a 2>/dev/null && [ $i -lt 150 ]; do sleep 0.2; i=$((i+1)); done; kill -9 $a 2>/dev/null ) 3<&3 & " +
            "wait $a; s=$?; [ -n \"$AZURITE_LOG_TEMPORARY\" ] && rm -f \"$AZURITE_LOG\"; exit $s");
        info.ArgumentList.Add(azurite);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var log = location is null ? Path.Combine(Path.GetTempPath(), $"azurite-{Guid.NewGuid():N}.log") : Path.Combine(location, "azurite.log");
        info.Environment["AZURITE_LOG"] = log;
        if (location is null)
        {
            info.Environment["AZURITE_LOG_TEMPORARY"] = "1";
        }
        if (location is not null)
        {
            info.Environment["AZURITE_LOCK"] = Path.Combine(location, ".azurite.lock");
        }

        var output = new StringBuilder();
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var closedServices = 0;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
                if (ListeningLine().Match(line) is { Success: true } match)
                {
                    ports[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture);
                    if (ports.Count == 3)
                    {
                        ready.TrySetResult();
                    }
                }
                else if (line.Contains("service successfully closed", StringComparison.Ordinal) && ++closedServices == 3)
                {
                    closed.TrySetResult();
                }
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) =>
        {
            ready.TrySetException(new InvalidOperationException(
                $"Azurite ('{azurite}') exited before it was ready (script/bootstrap installs it under .tools/azurite): " + Text(output)));
            exited.TrySetResult();
        };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not start Azurite ('{azurite}') through setsid: run script/bootstrap, which installs it.", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(90), cancellationToken);
        }
        catch
        {
            await StopAsync(process, closed.Task, TimeSpan.FromSeconds(10), killAfter: true);
            process.Dispose();
            throw;
        }

        return new AzuriteProcess(process, output, closed, exited.Task, ports["Blob"], ports["Queue"], ports["Table"]);
    }

    /// <summary>Finds Azurite: <c>AZURITE_PATH</c>, then <c>.tools/azurite</c> above the app, then <c>azurite</c> on PATH.</summary>
    public static string FindExecutable()
    {
        if (Environment.GetEnvironmentVariable("AZURITE_PATH") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, ".tools", "azurite", "node_modules", ".bin", "azurite");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return "azurite";
    }

    public string Output => Text(_output);

    /// <summary>Stops Azurite, waiting up to 10 s for it to save (see <see cref="StopAsync(Process, Task, TimeSpan, bool)"/>); a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(_process, _closed.Task, TimeSpan.FromSeconds(10), killAfter: true);
        _process.Dispose();
    }

    /// <summary>
    /// Asks Azurite to stop and waits up to <paramref name="patience"/> for it to save and close; an Azurite still saving
    /// after that is left to its guard, which lets it finish (killing it only after 30 s) and holds the data folder's lock
    /// until it has, so a process started next on the same data waits for it. For a server that must stop promptly.
    /// </summary>
    public async Task StopAsync(TimeSpan patience)
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(_process, _closed.Task, patience, killAfter: false);
        _process.Dispose();
    }

    private int _disposed;

    /// <summary>
    /// Closes the guard's pipe, which asks Azurite to stop (SIGTERM). Azurite saves its data as it closes its three
    /// services, then sometimes keeps running idle: once all three say they closed it is killed; past
    /// <paramref name="patience"/> it is killed only when <paramref name="killAfter"/>.
    /// </summary>
    private static async Task StopAsync(Process process, Task closed, TimeSpan patience, bool killAfter)
    {
        try
        {
            if (process.HasExited)
            {
                return;
            }

            process.StandardInput.Close();
            await Task.WhenAny(closed, process.WaitForExitAsync(), Task.Delay(patience));
            if (!process.HasExited && (closed.IsCompleted || killAfter))
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString().Trim();
        }
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at http://[^:]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
