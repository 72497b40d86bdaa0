using EpisodeBuilder.GcsEmulator;
using EpisodeBuilder.GcsEmulator.Signing;
using EpisodeBuilder.Storage;
using EpisodeBuilder.Storage.Workspaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Activities.Tests.Infrastructure;

/// <summary>
/// One GCS emulator (with a data directory, so large objects live on disk) for a test collection, and a factory
/// for service providers wired exactly as production wires them, each test on its own bucket and workspace root.
/// </summary>
public sealed class StorageFixture : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "episode-builder-tests", Guid.NewGuid().ToString("N"));

    public GcsEmulatorServer Emulator { get; private set; } = null!;

    public string SigningKeyFile => Path.Combine(Root, "signer.json");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        var key = DevServiceAccount.CreateKeyJson("signer@episode-builder-test.iam.gserviceaccount.com");
        await File.WriteAllTextAsync(SigningKeyFile, key);
        Emulator = await GcsEmulatorServer.StartAsync(new GcsEmulatorOptions { Port = 0, DataDirectory = Path.Combine(Root, "gcs") });
        Emulator.TrustServiceAccount(key);
    }

    /// <summary>Configuration as the app reads it, pointed at the emulator and a fresh bucket.</summary>
    public Dictionary<string, string?> Settings(string bucket, string workspaceRoot) => new()
    {
        ["STORAGE_EMULATOR_HOST"] = Emulator.BaseUri.ToString().TrimEnd('/'),
        ["Storage:Bucket"] = bucket,
        ["Storage:ProjectId"] = "episode-builder-test",
        ["Storage:SigningKeyFile"] = SigningKeyFile,
        ["Storage:UploadChunkSize"] = (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Storage:CorsOrigins:0"] = "http://localhost:5173",
        ["Workspace:Root"] = workspaceRoot,
    };

    /// <summary>A service provider with the storage layer on a new bucket (created, with its rules applied).</summary>
    public async Task<TestServices> CreateServicesAsync(Action<IServiceCollection, IConfiguration>? configure = null, Dictionary<string, string?>? extra = null)
    {
        var bucket = "b-" + Guid.NewGuid().ToString("N")[..20];
        var workspaceRoot = Path.Combine(Root, "ws-" + bucket);
        var settings = Settings(bucket, workspaceRoot);
        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddEpisodeStorage(configuration);
        configure?.Invoke(services, configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await provider.GetRequiredService<BucketSetup>().EnsureAsync(createIfMissing: true, CancellationToken.None);
        return new TestServices(provider, bucket, workspaceRoot, configuration);
    }

    public async Task DisposeAsync()
    {
        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>One test's services, bucket and workspace root.</summary>
public sealed record TestServices(ServiceProvider Provider, string Bucket, string WorkspaceRoot, IConfiguration Configuration) : IAsyncDisposable
{
    public T Get<T>()
        where T : notnull => Provider.GetRequiredService<T>();

    public ValueTask DisposeAsync() => Provider.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<StorageFixture>
{
    public const string Name = "storage";
}
