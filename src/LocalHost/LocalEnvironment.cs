using EpisodeBuilder.GcsEmulator;
using EpisodeBuilder.GcsEmulator.Signing;

namespace EpisodeBuilder.LocalHost;

/// <summary>
/// Everything a local run needs besides the app: a data directory, a GCS emulator serving it, and a development
/// service-account key (made once, kept in the data directory) that signs URLs the emulator trusts.
/// </summary>
public sealed class LocalEnvironment : IAsyncDisposable
{
    public const string Bucket = "episode-builder-local";

    private LocalEnvironment(string dataDirectory, GcsEmulatorServer emulator, string signingKeyFile)
    {
        DataDirectory = dataDirectory;
        Emulator = emulator;
        SigningKeyFile = signingKeyFile;
    }

    public string DataDirectory { get; }

    public GcsEmulatorServer Emulator { get; }

    public string SigningKeyFile { get; }

    public static async Task<LocalEnvironment> StartAsync(string dataDirectory, int gcsPort)
    {
        Directory.CreateDirectory(dataDirectory);
        var keyFile = Path.Combine(dataDirectory, "dev-signer.json");
        if (!File.Exists(keyFile))
        {
            await File.WriteAllTextAsync(keyFile, DevServiceAccount.CreateKeyJson());
        }

        var emulator = await GcsEmulatorServer.StartAsync(new GcsEmulatorOptions { Port = gcsPort, DataDirectory = Path.Combine(dataDirectory, "gcs") });
        emulator.TrustServiceAccount(await File.ReadAllTextAsync(keyFile));
        return new LocalEnvironment(dataDirectory, emulator, keyFile);
    }

    /// <summary>The app's settings, pointed at this environment (what local.settings.json holds under func start).</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["STORAGE_EMULATOR_HOST"] = Emulator.BaseUri.ToString().TrimEnd('/'),
        ["Storage:Bucket"] = Bucket,
        ["Storage:SigningKeyFile"] = SigningKeyFile,
        ["Storage:CorsOrigins:0"] = "*",
        ["Auth:AllowUserIdHeader"] = "true",
        ["Publishing:PublicBaseUrl"] = new Uri(Emulator.BaseUri, Bucket + "/").ToString(),
        ["Workspace:Root"] = Path.Combine(Path.GetTempPath(), "episode-builder", "workspaces"),
    };

    public async ValueTask DisposeAsync() => await Emulator.DisposeAsync();
}
