using EpisodeBuilder.DurableEngine;

namespace EpisodeBuilder.Tests.Engines;

/// <summary>
/// One Azurite (in memory, OS-chosen ports) for the whole test process, started on first use. Its guard ends it
/// when the test process exits; every engine on it uses its own task hub.
/// </summary>
public static class SharedAzurite
{
    private static readonly Lazy<Task<AzuriteProcess>> Instance = new(() => AzuriteProcess.StartAsync(location: null));

    public static async Task<string> ConnectionStringAsync() => (await Instance.Value).ConnectionString;

    public static string NewTaskHub() => "t" + Guid.NewGuid().ToString("N")[..20];
}
