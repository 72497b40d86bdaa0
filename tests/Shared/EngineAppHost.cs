using EpisodeBuilder.Activities.Hosting;
using EpisodeBuilder.DurableEngine;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Tests.Engines;

/// <summary>
/// The real orchestrator and activities on a Durable engine, as the local host runs them: Azure Storage on Azurite
/// for end-to-end tests, in memory for fast ones. Stops in the engine's order (host, then engine).
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

    public static async Task<EngineAppHost> StartAsync(EngineBackend backend, Action<IServiceCollection> configureServices)
    {
        var loggerFactory = LoggerFactory.Create(l => l.SetMinimumLevel(LogLevel.Warning));
        var options = new DurableEngineOptions
        {
            Backend = backend,
            ConnectionString = backend == EngineBackend.AzureStorage ? await SharedAzurite.ConnectionStringAsync() : null,
            TaskHub = SharedAzurite.NewTaskHub(),
            WorkerId = "test-" + Guid.NewGuid().ToString("N")[..8],
            PartitionCount = 2,
        };
        var engine = await EngineHost.StartAsync(options, loggerFactory);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new WorkerIdentity(options.WorkerId));
        configureServices(builder.Services);
        builder.Services.AddDurableEngine(engine, registry => registry.AddEpisodeBuild());
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
