using EpisodeBuilder.DurableEngine;
using EpisodeBuilder.GcsEmulator;
using EpisodeBuilder.LocalHostDriver;

namespace EpisodeBuilder.LocalHost.Tests;

/// <summary>
/// What several local host processes share: one Azurite (the task hub) and one GCS emulator trusting the local signing
/// key, started once for a test; <see cref="Arguments"/> points a process at both. Either can be restarted on its data
/// and ports while the processes run, as an outage.
/// </summary>
public sealed class SharedBackends : IAsyncDisposable
{
    private readonly GcsEmulatorOptions _gcsOptions;

    private SharedBackends(AzuriteProcess azurite, GcsEmulatorServer gcs, GcsEmulatorOptions gcsOptions, string data)
    {
        Azurite = azurite;
        Gcs = gcs;
        _gcsOptions = gcsOptions;
        Data = data;
    }

    public AzuriteProcess Azurite { get; private set; }

    public GcsEmulatorServer Gcs { get; private set; }

    public string Data { get; }

    /// <summary>Starts both; <paramref name="configureGcs"/> may add to the emulator's options (HTTPS, sign-in clients).</summary>
    public static async Task<SharedBackends> StartAsync(string data, Action<GcsEmulatorOptions>? configureGcs = null)
    {
        var azurite = await AzuriteProcess.StartAsync(Path.Combine(data, "azurite"));
        var keyFile = await LocalEnvironment.EnsureSigningKeyAsync(data);
        var options = new GcsEmulatorOptions { Port = 0, DataDirectory = Path.Combine(data, "gcs") };
        options.ServiceAccountKeyFiles.Add(keyFile);
        configureGcs?.Invoke(options);
        var gcs = await GcsEmulatorServer.StartAsync(options);
        return new SharedBackends(azurite, gcs, options, data);
    }

    /// <summary><c>serve</c> arguments that use these backends, followed by <paramref name="more"/>.</summary>
    public string[] Arguments(params string[] more) =>
        ["--gcs", Gcs.BaseUri.ToString(), "--azurite", Azurite.ConnectionString, "--data", Data, .. more];

    /// <summary>
    /// Stops the GCS emulator and starts it again on the same data and port after <paramref name="outage"/>; requests in
    /// between are refused. Injected faults do not carry over.
    /// </summary>
    public async Task RestartGcsAsync(TimeSpan outage)
    {
        var port = Gcs.BaseUri.Port;
        await Gcs.DisposeAsync();
        await Task.Delay(outage);
        _gcsOptions.Port = port;
        Gcs = await GcsEmulatorServer.StartAsync(_gcsOptions);
    }

    /// <summary>Kills Azurite (SIGKILL: it saves nothing it held in memory) and starts it again on its data and ports.</summary>
    public async Task CrashAndRestartAzuriteAsync()
    {
        var (blob, queue, table) = (Azurite.BlobPort, Azurite.QueuePort, Azurite.TablePort);
        Assert.NotEqual(0, ProcessTable.Kill(Azurite.ProcessId, "node"));
        await Azurite.Exited.WaitAsync(TimeSpan.FromSeconds(30));
        await Azurite.DisposeAsync();
        Azurite = await AzuriteProcess.StartAsync(Path.Combine(Data, "azurite"), blob, queue, table);
    }

    public async ValueTask DisposeAsync()
    {
        await Gcs.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
