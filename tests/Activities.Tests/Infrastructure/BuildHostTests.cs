using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Storage;

namespace EpisodeBuilder.Activities.Tests.Infrastructure;

/// <summary>
/// A test class that runs builds for one user on a real <see cref="BuildHost"/> (the Durable engine on Azurite, the storage
/// emulator): the host starts before its tests and stops after them, and its own temp directory is removed at the end.
/// </summary>
public abstract class BuildHostTests(StorageFixture storage, string user) : IAsyncLifetime
{
    private BuildHost? _host;

    protected string User { get; } = user;

    /// <summary>The emulators the host runs on, for tests that inject faults or age objects.</summary>
    protected StorageFixture Storage { get; } = storage;

    /// <summary>This class's scratch directory, for samples and downloads.</summary>
    protected string Dir { get; } = Directory.CreateTempSubdirectory("build-host-test-").FullName;

    protected BuildHost Host => _host ?? throw new InvalidOperationException("the build host has not started");

    protected ObjectStore Store => Host.Get<ObjectStore>();

    /// <summary>A new build of <paramref name="episode"/> for this class's user.</summary>
    protected BuildRef NewBuild(string episode) => new(User, episode, $"{User}.{episode}.{Guid.NewGuid():N}");

    public async Task InitializeAsync() => _host = await BuildHost.StartAsync(Storage);

    /// <summary>Stops the host, if it started, and removes the scratch directory either way.</summary>
    public async Task DisposeAsync()
    {
        try
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
            }
        }
        finally
        {
            Directory.Delete(Dir, recursive: true);
        }
    }
}
