using Google.Cloud.Storage.V1;

namespace EpisodeBuilder.GcsEmulator.Tests;

/// <summary>One in-memory emulator on a free loopback port for a test class; each test makes its own bucket.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private int _buckets;

    public GcsEmulatorServer Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public StorageClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await GcsEmulatorServer.StartAsync(new GcsEmulatorOptions { Port = 0 });
        Http = new HttpClient { BaseAddress = Server.BaseUri };
        Client = new StorageClientBuilder { BaseUri = Server.BaseUri.ToString(), UnauthenticatedAccess = true }.Build();
    }

    public async Task<string> NewBucketAsync()
    {
        var name = $"bucket-{Interlocked.Increment(ref _buckets)}-{Guid.NewGuid():N}"[..40];
        await Client.CreateBucketAsync("test-project", name);
        return name;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
