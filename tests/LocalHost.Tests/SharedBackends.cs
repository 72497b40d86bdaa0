using EpisodeBuilder.DurableEngine;
using EpisodeBuilder.GcsEmulator;

namespace EpisodeBuilder.LocalHost.Tests;

/// <summary>
/// What several local host processes share: one Azurite (the task hub) and one GCS emulator trusting the local signing
/// key, started once for a test; <see cref="Arguments"/> points a process at both.
/// </summary>
public sealed class SharedBackends : IAsyncDisposable
{
    private SharedBackends(AzuriteProcess azurite, GcsEmulatorServer gcs, string data)
    {
        Azurite = azurite;
        Gcs = gcs;
        Data = data;
    }

    public AzuriteProcess Azurite { get; }

    public GcsEmulatorServer Gcs { get; }

    public string Data { get; }

    /// <summary>Starts both; <paramref name="configureGcs"/> may add to the emulator's options (HTTPS, sign-in clients).</summary>
    public static async Task<SharedBackends> StartAsync(string data, Action<GcsEmulatorOptions>? configureGcs = null)
    {
        var azurite = await AzuriteProcess.StartAsync(Path.Combine(data, "azurite"));
        var keyFile = await LocalEnvironment.EnsureSigningKeyAsync(data);
        var options = new GcsEmulatorOptions { Port = 0, DataDirectory = Path.Combine(data, "gcs") };
        configureGcs?.Invoke(options);
        var gcs = await GcsEmulatorServer.StartAsync(options);
        gcs.TrustServiceAccount(await File.ReadAllTextAsync(keyFile));
        return new SharedBackends(azurite, gcs, data);
    }

    /// <summary><c>serve</c> arguments that use these backends, followed by <paramref name="more"/>.</summary>
    public string[] Arguments(params string[] more) =>
        ["--gcs", Gcs.BaseUri.ToString(), "--azurite", Azurite.ConnectionString, "--data", Data, .. more];

    public async ValueTask DisposeAsync()
    {
        await Gcs.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
