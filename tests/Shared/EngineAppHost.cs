using EpisodeBuilder.DurableEngine;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Tests.Engines;

/// <summary>
/// A Durable engine with a generic host running the SDK's worker and client on it, as the local host runs them:
/// Azure Storage on Azurite for end-to-end tests, in memory for fast ones. Stops in the engine's order (host, then engine).
/// </summary>
public sealed class EngineAppHost : IAsyncDisposable
{
    private EngineAppHost(EngineHost engine, IHost host)
    {
        Engine = engine;
        Host = host;
    }

    public EngineHost Engine { get; }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public DurableTaskClient Client => Host.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>Settings for a test's own task hub on <paramref name="backend"/> (the shared Azurite for Azure Storage).</summary>
    public static async Task<DurableEngineOptions> OptionsAsync(EngineBackend backend) => new()
    {
        Backend = backend,
        ConnectionString = backend == EngineBackend.AzureStorage ? await SharedAzurite.ConnectionStringAsync() : null,
        TaskHub = SharedAzurite.NewTaskHub(),
        WorkerId = "test-" + Guid.NewGuid().ToString("N")[..8],
        PartitionCount = 2,
    };

    public static async Task<EngineAppHost> StartAsync(DurableEngineOptions options, Action<DurableTaskRegistry> tasks, Action<IServiceCollection>? configureServices = null)
    {
        var loggerFactory = LoggerFactory.Create(l => l.SetMinimumLevel(LogLevel.Warning));
        var engine = await EngineHost.StartAsync(options, loggerFactory);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        configureServices?.Invoke(builder.Services);
        builder.Services.AddDurableEngine(engine, tasks);
        var host = builder.Build();
        await host.StartAsync();
        return new EngineAppHost(engine, host);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        await Engine.DisposeAsync();
    }
}
