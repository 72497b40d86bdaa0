using EpisodeBuilder.GcsEmulator;
using EpisodeBuilder.GcsEmulator.Signing;
using EpisodeBuilder.Storage.Workspaces;

namespace EpisodeBuilder.LocalHost;

/// <summary>
/// Everything a local run needs besides the app: a data directory, a GCS emulator serving it (started here, or
/// one already running that other local processes share), and a development service-account key (made once,
/// kept in the data directory) that signs URLs the emulator trusts.
/// </summary>
public sealed class LocalEnvironment : IAsyncDisposable
{
    public const string Bucket = "episode-builder-local";

    /// <summary>Where published episodes and feeds go, readable by anyone (setup grants allUsers objectViewer), as in production.</summary>
    public const string PublicBucket = "episode-builder-local-public";

    private LocalEnvironment(string dataDirectory, GcsEmulatorServer? emulator, Uri gcsUri, string signingKeyFile)
    {
        DataDirectory = dataDirectory;
        Emulator = emulator;
        GcsUri = gcsUri;
        SigningKeyFile = signingKeyFile;
    }

    public string DataDirectory { get; }

    /// <summary>The emulator this process runs, or null when it uses one another process runs.</summary>
    public GcsEmulatorServer? Emulator { get; }

    public Uri GcsUri { get; }

    public string SigningKeyFile { get; }

    /// <summary>Starts a GCS emulator on <paramref name="gcsPort"/> (0: the OS chooses), or uses <paramref name="externalGcs"/>.</summary>
    public static async Task<LocalEnvironment> StartAsync(string dataDirectory, int gcsPort, Uri? externalGcs = null)
    {
        Directory.CreateDirectory(dataDirectory);
        var keyFile = await EnsureSigningKeyAsync(dataDirectory);
        if (externalGcs is not null)
        {
            return new LocalEnvironment(dataDirectory, null, externalGcs, keyFile);
        }

        var emulator = await GcsEmulatorServer.StartAsync(new GcsEmulatorOptions { Port = gcsPort, DataDirectory = Path.Combine(dataDirectory, "gcs") });
        emulator.TrustServiceAccount(await File.ReadAllTextAsync(keyFile));
        return new LocalEnvironment(dataDirectory, emulator, emulator.BaseUri, keyFile);
    }

    /// <summary>The development signer's key file in the data directory, made on first use.</summary>
    public static async Task<string> EnsureSigningKeyAsync(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var keyFile = Path.Combine(dataDirectory, "dev-signer.json");
        if (!File.Exists(keyFile))
        {
            var temp = keyFile + "." + Environment.ProcessId + ".tmp";
            await File.WriteAllTextAsync(temp, DevServiceAccount.CreateKeyJson());
            try
            {
                File.Move(temp, keyFile, overwrite: false);
            }
            catch (IOException)
            {
                // Another process made it first; use theirs.
                File.Delete(temp);
            }
        }

        return keyFile;
    }

    /// <summary>The app's settings, pointed at this environment (what local.settings.json holds under func start).</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["STORAGE_EMULATOR_HOST"] = GcsUri.ToString().TrimEnd('/'),
        ["Storage:Bucket"] = Bucket,
        ["Storage:SigningKeyFile"] = SigningKeyFile,
        ["Storage:CorsOrigins:0"] = "*",
        ["Auth:AllowUserIdHeader"] = "true",
        ["Storage:PublicBucket"] = PublicBucket,
        ["Publishing:PublicBaseUrl"] = new Uri(GcsUri, PublicBucket + "/").ToString(),
        ["Workspace:Root"] = Path.Combine(Path.GetTempPath(), "episode-builder", "workspaces"),
    };

    public async ValueTask DisposeAsync()
    {
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }
    }
}
