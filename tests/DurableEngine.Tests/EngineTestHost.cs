using EpisodeBuilder.DurableEngine;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.DurableEngine.Tests;

/// <summary>An engine with a generic host running the SDK's worker and client on it, as the local host does.</summary>
public sealed class EngineTestHost : IAsyncDisposable
{
    private EngineTestHost(EngineHost engine, IHost host)
    {
        Engine = engine;
        Host = host;
    }

    public EngineHost Engine { get; }

    public IHost Host { get; }

    public DurableTaskClient Client => Host.Services.GetRequiredService<DurableTaskClient>();

    public static async Task<EngineTestHost> StartAsync(DurableEngineOptions options, Action<DurableTaskRegistry> tasks, Action<IServiceCollection>? services = null)
    {
        var loggerFactory = LoggerFactory.Create(l => l.SetMinimumLevel(LogLevel.Warning));
        var engine = await EngineHost.StartAsync(options, loggerFactory);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddDurableEngine(engine, tasks);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new EngineTestHost(engine, host);
    }

    public static DurableEngineOptions Options(EngineBackend backend, AzuriteFixture? azurite) => new()
    {
        Backend = backend,
        ConnectionString = backend == EngineBackend.AzureStorage ? azurite!.Azurite.ConnectionString : null,
        TaskHub = AzuriteFixture.NewTaskHub(),
        WorkerId = "test-" + Guid.NewGuid().ToString("N")[..8],
        PartitionCount = 1,
    };

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        await Engine.DisposeAsync();
    }
}
