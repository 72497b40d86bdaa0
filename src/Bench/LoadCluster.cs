using EpisodeBuilder.DurableEngine;
using EpisodeBuilder.LocalHostDriver;

namespace EpisodeBuilder.Bench;

/// <summary>
/// What <c>script/cluster W</c> runs, started by the bench: Azurite (the task hub), the GCS emulator in a process of its
/// own, one API process and <c>W</c> worker processes of the local host's Release build, all on one data folder. Faults
/// are done to it while it runs: a worker killed or stopped and another started, the emulator restarted on its data and
/// port. Disposing stops the workers, then the API, then the services.
/// </summary>
public sealed class LoadCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private AzuriteProcess _azurite;
    private readonly List<LocalHostProcess> _processes;
    private readonly string _repository;
    private readonly string _appDll;
    private readonly string _run;
    private readonly IReadOnlyList<string> _gcsArguments;
    private GcsEmulatorProcess _gcs;
    private int _nextWorker;

    private LoadCluster(AzuriteProcess azurite, GcsEmulatorProcess gcs, List<LocalHostProcess> processes, string repository, string appDll, string run, IReadOnlyList<string> gcsArguments)
    {
        _azurite = azurite;
        _gcs = gcs;
        _processes = processes;
        _repository = repository;
        _appDll = appDll;
        _run = run;
        _gcsArguments = gcsArguments;
        _nextWorker = 1;
    }

    /// <summary>The GCS emulator's URL (the same across its restarts).</summary>
    public Uri GcsUrl => _gcs.Url;

    /// <summary>The API process's base URL.</summary>
    public Uri ApiUrl => _processes[0].ApiUrl!;

    private string Data => Path.Combine(_run, "data");

    /// <summary>
    /// Starts the cluster in <paramref name="run"/> (data, logs, workspaces) with <paramref name="workers"/> workers and the
    /// emulator started with <paramref name="gcsArguments"/> (its fault injection).
    /// </summary>
    public static async Task<LoadCluster> StartAsync(string repository, string appDll, string run, int workers, IReadOnlyList<string> gcsArguments, CancellationToken cancellationToken)
    {
        var data = Path.Combine(run, "data");
        Directory.CreateDirectory(data);
        var azurite = await AzuriteProcess.StartAsync(Path.Combine(data, "azurite"), cancellationToken: cancellationToken);
        GcsEmulatorProcess? gcs = null;
        var processes = new List<LocalHostProcess>();
        try
        {
            gcs = await StartGcsAsync(repository, data, 0, gcsArguments, cancellationToken);
            var cluster = new LoadCluster(azurite, gcs, processes, repository, appDll, run, gcsArguments);
            processes.Add(await cluster.StartProcessAsync(["--role", "api", "--port", "0", "--worker-id", "api"], "api", cancellationToken));
            for (var i = 0; i < workers; i++)
            {
                await cluster.AddWorkerAsync(cancellationToken);
            }

            return cluster;
        }
        catch
        {
            await StopAsync(processes);
            if (gcs is not null)
            {
                await gcs.DisposeAsync();
            }

            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more worker (<c>worker-N</c>, numbered on from the last); returns its id.</summary>
    public async Task<string> AddWorkerAsync(CancellationToken cancellationToken)
    {
        var id = $"worker-{_nextWorker++}";
        _processes.Add(await StartProcessAsync(["--role", "worker", "--worker-id", id], id, cancellationToken));
        return id;
    }

    /// <summary>Sends <paramref name="signal"/> to the longest-running live worker; returns its id, or null when none runs.</summary>
    public async Task<string?> SignalOldestWorkerAsync(int signal)
    {
        for (var i = 1; i < _processes.Count; i++)
        {
            var worker = _processes[i];
            if (worker.HasExited)
            {
                continue;
            }

            if (signal == LocalHostProcess.SigKill)
            {
                // The whole worker at once, its tools too, as a machine or container that dies takes everything.
                var tools = ProcessTable.Descendants(worker.Pid);
                await worker.KillAsync();
                foreach (var tool in tools)
                {
                    try
                    {
                        using var process = System.Diagnostics.Process.GetProcessById(tool.Pid);
                        process.Kill();
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                    {
                        // Already gone.
                    }
                }
            }
            else
            {
                await worker.StopAsync(StopTimeout);
            }

            return $"worker-{i}";
        }

        return null;
    }

    /// <summary>
    /// Kills Azurite (SIGKILL, no chance to save) and starts it again on the same data and ports, once its guard has let go
    /// of the data folder.
    /// </summary>
    public async Task RestartAzuriteAsync(CancellationToken cancellationToken)
    {
        var (blob, queue, table) = (_azurite.BlobPort, _azurite.QueuePort, _azurite.TablePort);
        ProcessTable.Kill(_azurite.ProcessId, "node");
        await _azurite.Exited.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        await _azurite.DisposeAsync();
        _azurite = await AzuriteProcess.StartAsync(Path.Combine(Data, "azurite"), blob, queue, table, cancellationToken: cancellationToken);
    }

    /// <summary>Kills the GCS emulator and starts it again on the same data and port, as a storage outage of a few seconds.</summary>
    public async Task RestartGcsAsync(CancellationToken cancellationToken)
    {
        var port = _gcs.Url.Port;
        await _gcs.DisposeAsync();
        _gcs = await StartGcsAsync(_repository, Data, port, _gcsArguments, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(_processes);
        await _gcs.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private Task<LocalHostProcess> StartProcessAsync(string[] role, string name, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string> { ["Workspace__Root"] = Path.Combine(_run, "workspaces") };
        string[] shared = ["--gcs", _gcs.Url.ToString(), "--azurite", _azurite.ConnectionString, "--data", Data];
        return LocalHostProcess.StartAsync(_appDll, [.. shared, .. role], environment, Path.Combine(_run, name + ".log"), StartTimeout, cancellationToken: cancellationToken);
    }

    private static Task<GcsEmulatorProcess> StartGcsAsync(string repository, string data, int port, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        GcsEmulatorProcess.StartAsync(GcsEmulatorProcess.AppDll(repository), Path.Combine(data, "gcs"), Path.Combine(data, "dev-signer.json"), cancellationToken, port, arguments);

    private static async Task StopAsync(List<LocalHostProcess> processes)
    {
        // Workers first, so nothing runs a step while the API goes.
        for (var i = processes.Count - 1; i >= 0; i--)
        {
            if (!processes[i].HasExited)
            {
                try
                {
                    await processes[i].StopAsync(StopTimeout);
                }
                catch (TimeoutException)
                {
                    // Killed by StopAsync after the timeout; the bench goes on.
                }
            }

            await processes[i].DisposeAsync();
        }
    }
}
