using System.Reflection;
using DurableTask.Core;
using EpisodeBuilder.DurableEngine;
using Microsoft.Extensions.Logging.Abstractions;

namespace EpisodeBuilder.DurableEngine.Tests;

/// <summary>
/// The sidecar stops the orchestration service whenever it stops; the wrapper passes a stop on only to a service whose
/// start has finished (the Azure Storage service throws, crashing the process, when stopped part-way through starting).
/// </summary>
public sealed class ServiceStopTests
{
    [Fact]
    public async Task A_service_that_never_started_is_not_stopped()
    {
        var inner = RecordingService.Create();
        var service = new LockRenewingOrchestrationService((IOrchestrationService)inner, TimeSpan.FromMinutes(1), NullLogger.Instance);

        await service.StopAsync(isForced: false);
        await service.StopAsync();

        Assert.False(service.Started);
        Assert.Empty(inner.Calls);
    }

    [Fact]
    public async Task A_stop_while_starting_waits_for_the_start_then_stops()
    {
        var inner = RecordingService.Create();
        var service = new LockRenewingOrchestrationService((IOrchestrationService)inner, TimeSpan.FromMinutes(1), NullLogger.Instance);

        var start = service.StartAsync();
        var stop = service.StopAsync(isForced: false);
        await Task.Delay(100);
        Assert.False(stop.IsCompleted);
        Assert.Equal(["StartAsync"], inner.Calls);

        inner.StartGate.SetResult();
        await start;
        await stop;

        Assert.Equal(["StartAsync", "StopAsync"], inner.Calls);
    }

    [Fact]
    public async Task A_service_whose_start_failed_is_not_stopped()
    {
        var inner = RecordingService.Create();
        var service = new LockRenewingOrchestrationService((IOrchestrationService)inner, TimeSpan.FromMinutes(1), NullLogger.Instance);
        var start = service.StartAsync();
        inner.StartGate.SetException(new InvalidOperationException("storage unreachable"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => start);

        await service.StopAsync(isForced: true);

        Assert.Equal(["StartAsync"], inner.Calls);
    }

    /// <summary>An <see cref="IOrchestrationService"/> that records the lifecycle calls made on it; its start waits on a gate.</summary>
    public class RecordingService : DispatchProxy
    {
        public TaskCompletionSource StartGate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Calls { get; } = [];

        public static RecordingService Create() => (RecordingService)(object)Create<IOrchestrationService, RecordingService>();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            var name = targetMethod!.Name;
            if (name is "StartAsync" or "StopAsync")
            {
                lock (Calls)
                {
                    Calls.Add(name);
                }
            }

            return name == "StartAsync" ? StartGate.Task
                : targetMethod.ReturnType == typeof(Task) ? Task.CompletedTask
                : targetMethod.ReturnType.IsValueType ? Activator.CreateInstance(targetMethod.ReturnType) : null;
        }
    }
}
