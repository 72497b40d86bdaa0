using EpisodeBuilder.DurableEngine;

namespace EpisodeBuilder.DurableEngine.Tests;

/// <summary>One Azurite (in memory, OS-chosen ports) for the collection; each test uses its own task hub.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public AzuriteProcess Azurite { get; private set; } = null!;

    public async Task InitializeAsync() => Azurite = await AzuriteProcess.StartAsync(location: null);

    public async Task DisposeAsync() => await Azurite.DisposeAsync();

    public static string NewTaskHub() => "test" + Guid.NewGuid().ToString("N")[..16];
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
