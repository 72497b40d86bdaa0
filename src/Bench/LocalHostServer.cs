using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace EpisodeBuilder.Bench;

/// <summary>
/// One <c>LocalHost serve</c> process, as <c>script/server</c> runs it but from the Release build, on ports the OS
/// chooses and with its own data and workspace folders: the API, Azurite (a child process) and the worker running the
/// builds, with the GCS emulator in a process of its own (<see cref="GcsEmulatorProcess"/>) so the app's measured
/// memory is the app's. Its output goes to a log file; it is stopped with SIGTERM, which stops its Azurite.
/// </summary>
public sealed partial class LocalHostServer : IAsyncDisposable
{
    public const string Bucket = "episode-builder-local";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Queue<string> _tail = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HttpClient _gcs = new() { Timeout = TimeSpan.FromMinutes(10) };
    private Uri? _apiUrl;
    private Uri? _gcsUrl;
    private bool _closed;

    private GcsEmulatorProcess? _emulator;

    private LocalHostServer(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public int Pid => _process.Id;

    /// <summary>The API's base URL (<c>http://127.0.0.1:N/</c>).</summary>
    public Uri ApiUrl => _apiUrl ?? throw new InvalidOperationException("The server is not ready.");

    /// <summary>The GCS emulator's base URL.</summary>
    public Uri GcsUrl => _gcsUrl ?? throw new InvalidOperationException("The server is not ready.");

    /// <summary>The Release build of the local host, under the repository's <c>src/LocalHost</c> (script/bench builds it).</summary>
    public static string AppDll(string repository)
    {
        var dll = Path.Combine(repository, "src", "LocalHost", "bin", "Release", "net10.0", "EpisodeBuilder.LocalHost.dll");
        return File.Exists(dll) ? dll : throw new BenchFailedException($"no Release build of the local host at {dll}: run through script/bench, which builds it (dotnet build src/LocalHost -c Release)");
    }

    public static async Task<LocalHostServer> StartAsync(string appDll, string runDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(runDirectory);
        var data = Path.Combine(runDirectory, "data");
        var repository = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(appDll)!, "..", "..", "..", "..", ".."));
        var emulator = await GcsEmulatorProcess.StartAsync(GcsEmulatorProcess.AppDll(repository), Path.Combine(data, "gcs"), Path.Combine(data, "dev-signer.json"), cancellationToken);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { appDll, "serve", "--port", "0", "--gcs", emulator.Url.ToString(), "--data", data })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["Workspace__Root"] = Path.Combine(runDirectory, "workspaces");
        var log = new StreamWriter(Path.Combine(runDirectory, "server.log")) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new LocalHostServer(process, log) { _emulator = emulator };
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) => server._ready.TrySetException(new BenchFailedException("the local host exited before it was ready: " + server.Tail()));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server._ready.Task.WaitAsync(StartTimeout, cancellationToken);
        }
        catch (TimeoutException e)
        {
            await server.DisposeAsync();
            throw new BenchFailedException($"the local host did not come up within {StartTimeout.TotalSeconds:0} s: " + server.Tail(), e);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>The last lines the server printed, for error messages.</summary>
    public string Tail()
    {
        lock (_tail)
        {
            return string.Join(Environment.NewLine, _tail);
        }
    }

    /// <summary>Reads an object straight from the emulator's JSON API, as a person checking the bucket would.</summary>
    public async Task<string> ReadObjectAsync(string key, CancellationToken cancellationToken)
    {
        using var response = await _gcs.GetAsync(new Uri(GcsUrl, $"storage/v1/b/{Bucket}/o/{Uri.EscapeDataString(key)}?alt=media"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new BenchFailedException($"no object '{key}' in the emulator's bucket");
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>SIGTERM, as Ctrl+C would: the host shuts down in order and stops its Azurite.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        _ = SendSignal(_process.Id, 15);
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
            throw new BenchFailedException($"the local host did not stop within {StopTimeout.TotalSeconds:0} s of SIGTERM and was killed: " + Tail());
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await StopAsync();
            }
            catch (BenchFailedException)
            {
                // Killed instead; the caller is already leaving.
            }
        }

        _process.Dispose();
        _gcs.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        lock (_tail)
        {
            _closed = true;
            _log.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            if (!_closed)
            {
                _log.WriteLine(line);
            }

            _tail.Enqueue(line);
            if (_tail.Count > 30)
            {
                _tail.Dequeue();
            }
        }

        if (ApiLine().Match(line) is { Success: true } api)
        {
            _apiUrl = new Uri(api.Groups["url"].Value.TrimEnd('/') + "/");
        }
        else if (line.StartsWith("GCS emulator:", StringComparison.Ordinal))
        {
            _gcsUrl = new Uri(line["GCS emulator:".Length..].Trim().Split(' ')[0].TrimEnd('/') + "/");
        }

        if (_apiUrl is not null && _gcsUrl is not null)
        {
            _ready.TrySetResult();
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    [GeneratedRegex(@"Episode Builder API:\s+(?<url>http://\S+?)/api/")]
    private static partial Regex ApiLine();
}
