using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.DurableEngine;

/// <summary>
/// One process's Durable Task engine: an orchestration service (Azure Storage on Azurite, or in memory) behind an
/// in-process gRPC sidecar bound to a loopback port the OS chooses, which the SDK's worker and client reach over
/// <see cref="Channel"/>. Every process that shares a task hub runs its own engine (one worker per sidecar).
/// </summary>
/// <remarks>
/// Start the engine, then the host whose worker and client use it (<see cref="EngineServices.AddDurableEngine"/>);
/// stop that host first, then dispose the engine: held activities go back to the queue, the orchestration
/// service releases its partition leases, and the sidecar stops, so another process takes over at once.
/// </remarks>
public sealed class EngineHost : IAsyncDisposable
{
    private readonly WebApplication _sidecar;
    private readonly IOrchestrationService _service;
    private readonly ILogger _logger;
    private int _disposed;

    private EngineHost(DurableEngineOptions options, WebApplication sidecar, IOrchestrationService service, LockRenewingOrchestrationService renewing, SidecarPingSettings pings, Uri address, ILogger logger)
    {
        Options = options;
        _sidecar = sidecar;
        _service = service;
        Locks = renewing;
        Pings = pings;
        Address = address;
        _logger = logger;
        Channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                // A dead connection is found by HTTP/2 pings, not by waiting for messages that may legitimately not come.
                KeepAlivePingDelay = TimeSpan.FromSeconds(20),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
                EnableMultipleHttp2Connections = true,
            },
        });
    }

    public DurableEngineOptions Options { get; }

    /// <summary>The sidecar's bound address (loopback, OS-assigned port unless one is configured).</summary>
    public Uri Address { get; }

    /// <summary>The channel the SDK's worker and client use.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>Whether this process runs orchestrations and activities.</summary>
    public bool RunsWorker => Options.Role != EngineRole.Api;

    /// <summary>The activity-lock renewals of this process (for diagnostics and tests).</summary>
    public LockRenewingOrchestrationService Locks { get; }

    /// <summary>The health pings this process's sidecar sends its worker.</summary>
    public SidecarPingSettings Pings { get; }

    public static async Task<EngineHost> StartAsync(DurableEngineOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The Durable engine's settings are wrong: " + string.Join(" ", problems));
        }

        var logger = loggerFactory.CreateLogger("EpisodeBuilder.DurableEngine");
        var (service, client) = CreateService(options, loggerFactory);
        await service.CreateIfNotExistsAsync();
        var renewing = new LockRenewingOrchestrationService(service, options.LockRenewInterval, logger);
        var pings = new SidecarPingSettings(options.HealthPingInterval);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, options.SidecarPort, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = null);
        builder.Services.AddSingleton<IOrchestrationService>(renewing);
        builder.Services.AddSingleton(client);
        builder.Services.AddSingleton(pings);
        builder.Services.Configure<TaskHubGrpcServerOptions>(o =>
            o.Mode = options.Role == EngineRole.Api ? TaskHubGrpcServerMode.ApiServerOnly : TaskHubGrpcServerMode.ApiServerAndDispatcher);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton<HealthPingingSidecar>();
        var sidecar = builder.Build();
        sidecar.MapGrpcService<HealthPingingSidecar>();
        await sidecar.StartAsync(cancellationToken);

        var address = new Uri(sidecar.Urls.First());
        logger.LogInformation(
            "Durable engine {Backend} ({Role}) for task hub {TaskHub} as worker {WorkerId}: sidecar on {Address}",
            options.Backend, options.Role, options.TaskHub, options.WorkerId, address);
        return new EngineHost(options, sidecar, service, renewing, pings, address, logger);
    }

    /// <summary>Stops the engine; call after the host running the worker has stopped.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Locks.AbandonHeldActivitiesAsync();
        try
        {
            if (Locks.Started)
            {
                await _service.StopAsync().WaitAsync(Options.ServiceStopTimeout);
            }
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("The orchestration service did not stop within {Timeout}; its leases expire on their own", Options.ServiceStopTimeout);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogWarning(e, "Stopping the orchestration service failed; its leases expire on their own");
        }

        var serviceStopped = clock.Elapsed;
        await _sidecar.StopAsync();
        await _sidecar.DisposeAsync();
        _logger.LogInformation("Durable engine stopped: orchestration service in {ServiceSeconds:0.0} s, sidecar after {Seconds:0.0} s", serviceStopped.TotalSeconds, clock.Elapsed.TotalSeconds);
        await Channel.ShutdownAsync();
        Channel.Dispose();
        (_service as IDisposable)?.Dispose();
    }

    private static (IOrchestrationService Service, IOrchestrationServiceClient Client) CreateService(DurableEngineOptions options, ILoggerFactory loggerFactory)
    {
        if (options.Backend == EngineBackend.InMemory)
        {
            var memory = new InMemoryOrchestrationService(loggerFactory);
            return (memory, memory);
        }

        var storage = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(options.ConnectionString!),
            TaskHubName = options.TaskHub,
            WorkerId = options.WorkerId,

            // Every process is the same app: the app lease (for two app versions sharing a hub) would let only one work.
            UseAppLease = false,
            PartitionCount = options.PartitionCount,
            WorkItemQueueVisibilityTimeout = options.WorkItemVisibilityTimeout,
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            LoggerFactory = loggerFactory,
        });
        return (storage, storage);
    }
}
