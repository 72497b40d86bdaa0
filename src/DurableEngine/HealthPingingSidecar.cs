using Grpc.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using DurableTask.Core;
using P = Microsoft.DurableTask.Protobuf;

namespace EpisodeBuilder.DurableEngine;

/// <summary>
/// The in-process gRPC sidecar, plus health pings on the work-item stream. The SDK worker counts 120 s without a
/// message as a silent disconnect and, after five in a row, recreates its channel: a step that ran longer than
/// ten minutes then completed on a disposed channel and its build stayed Running for ever. The managed Durable
/// Task backend sends health pings to keep a healthy stream from looking dead; this sidecar does the same.
/// </summary>
public sealed class HealthPingingSidecar(
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggerFactory,
    IOrchestrationService service,
    IOrchestrationServiceClient client,
    IOptions<TaskHubGrpcServerOptions> options,
    SidecarPingSettings pings)
    : TaskHubGrpcServer(lifetime, loggerFactory, service, client, options)
{
    public override async Task GetWorkItems(P.GetWorkItemsRequest request, IServerStreamWriter<P.WorkItem> responseStream, ServerCallContext context)
    {
        using var writer = new PingingWriter(responseStream);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var pinging = writer.PingAsync(pings.Interval, pings.Count, stop.Token);
        try
        {
            await base.GetWorkItems(request, writer, context);
        }
        finally
        {
            await stop.CancelAsync();
            await pinging;
        }
    }

    /// <summary>Serialises the sidecar's work items and the pings on one stream (gRPC allows one write at a time).</summary>
    private sealed class PingingWriter(IServerStreamWriter<P.WorkItem> inner) : IServerStreamWriter<P.WorkItem>, IDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);

        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public async Task WriteAsync(P.WorkItem message)
        {
            await _gate.WaitAsync();
            try
            {
                await inner.WriteAsync(message);
            }
            finally
            {
                _gate.Release();
            }
        }

        public async Task PingAsync(TimeSpan interval, Action counted, CancellationToken cancellationToken)
        {
            try
            {
                using var timer = new PeriodicTimer(interval);
                while (await timer.WaitForNextTickAsync(cancellationToken))
                {
                    await WriteAsync(new P.WorkItem { HealthPing = new P.HealthPing() });
                    counted();
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (InvalidOperationException)
            {
                // The stream has ended (the worker disconnected); the next connection gets its own pings.
            }
        }

        public void Dispose() => _gate.Dispose();
    }
}

/// <summary>The ping cadence of <see cref="HealthPingingSidecar"/>, and how many it has sent.</summary>
public sealed class SidecarPingSettings(TimeSpan interval)
{
    private long _sent;

    public TimeSpan Interval { get; } = interval;

    public long Sent => Interlocked.Read(ref _sent);

    internal void Count() => Interlocked.Increment(ref _sent);
}
