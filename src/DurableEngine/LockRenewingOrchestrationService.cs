using System.Collections.Concurrent;
using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.DurableEngine;

/// <summary>
/// An orchestration service that keeps the message lock of every running activity alive. The in-process gRPC
/// sidecar dequeues an activity and waits for the worker's answer without ever renewing the message's
/// visibility, so on Azure Storage a step longer than the visibility timeout would be handed to a second worker
/// while the first still runs it. This decorator renews each activity's lock while it runs (as DurableTask.Core's
/// own dispatcher does), which lets the visibility timeout stay short: that timeout is then only how long a
/// killed worker's step waits before another worker retries it. Everything else is passed through.
/// </summary>
public sealed class LockRenewingOrchestrationService(IOrchestrationService inner, TimeSpan renewInterval, ILogger logger) : IOrchestrationService
{
    private readonly ConcurrentDictionary<string, HeldActivity> _held = new(StringComparer.Ordinal);
    private long _renewals;

    /// <summary>Lock renewals made so far (all activities).</summary>
    public long Renewals => Interlocked.Read(ref _renewals);

    /// <summary>Activities dequeued and not yet completed or abandoned.</summary>
    public int HeldActivities => _held.Count;

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
        if (workItem is not null)
        {
            var held = new HeldActivity(workItem);
            _held[workItem.Id] = held;
            held.Renewing = RenewUntilReleasedAsync(held);
        }

        return workItem!;
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) =>
        inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        await using (await ReleaseAsync(workItem))
        {
            await inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
        }
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        await using (await ReleaseAsync(workItem))
        {
            await inner.AbandonTaskActivityWorkItemAsync(workItem);
        }
    }

    /// <summary>
    /// Hands every activity this process still holds back to the queue, so another worker retries it now rather
    /// than after the visibility timeout. Called on shutdown, after the worker has stopped.
    /// </summary>
    public async Task AbandonHeldActivitiesAsync()
    {
        foreach (var held in _held.Values.ToList())
        {
            try
            {
                await AbandonTaskActivityWorkItemAsync(held.WorkItem);
                logger.LogInformation("Handed activity {WorkItemId} back to the queue on shutdown", held.WorkItem.Id);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogWarning(e, "Could not hand activity {WorkItemId} back to the queue; it is retried after the visibility timeout", held.WorkItem.Id);
            }
        }
    }

    private async Task RenewUntilReleasedAsync(HeldActivity held)
    {
        try
        {
            while (true)
            {
                await Task.Delay(renewInterval, held.Released.Token);
                await held.Gate.WaitAsync(held.Released.Token);
                try
                {
                    await inner.RenewTaskActivityWorkItemLockAsync(held.WorkItem);
                    Interlocked.Increment(ref _renewals);
                }
                finally
                {
                    held.Gate.Release();
                }
            }
        }
        catch (OperationCanceledException) when (held.Released.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The lock may lapse; the worst case is a retry of the step elsewhere, which steps are written to survive.
            logger.LogWarning(e, "Renewing the lock of activity {WorkItemId} failed; it may be retried by another worker", held.WorkItem.Id);
        }
    }

    private async Task<IAsyncDisposable> ReleaseAsync(TaskActivityWorkItem workItem)
    {
        if (!_held.TryRemove(workItem.Id, out var held))
        {
            return NoRelease.Instance;
        }

        await held.Released.CancelAsync();
        await held.Gate.WaitAsync();
        return held;
    }

    /// <summary>How long a stop waits for a start still under way before giving up on stopping.</summary>
    private static readonly TimeSpan StartWaitOnStop = TimeSpan.FromSeconds(30);

    private Task? _start;

    /// <summary>Whether the service was started (the sidecar starts it when a worker first connects).</summary>
    public bool Started => Volatile.Read(ref _start) is not null;

    public Task StartAsync()
    {
        var start = inner.StartAsync();
        Volatile.Write(ref _start, start);
        return start;
    }

    public Task StopAsync() => StopAsync(isForced: false);

    /// <summary>
    /// Stops the service once its start has finished, and not at all if it never started: the sidecar stops it whenever
    /// the sidecar stops, and the Azure Storage service throws (crashing the process, from the sidecar's stopping
    /// callback) when stopped before its start has made its shutdown source. A start still under way after 30 s is left.
    /// </summary>
    public async Task StopAsync(bool isForced)
    {
        if (Volatile.Read(ref _start) is not { } start)
        {
            return;
        }

        try
        {
            // Bounded: a start stuck on unreachable storage must not hold the host's shutdown for ever.
            await start.WaitAsync(StartWaitOnStop);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogDebug(e, "The orchestration service did not finish starting: nothing to stop");
            return;
        }

        try
        {
            await inner.StopAsync(isForced);
        }
        catch (NullReferenceException e)
        {
            // The Azure Storage service's app lease manager throws this when it is stopped before it has taken its lease
            // (a stop right after start): nothing was held, so there is nothing to release.
            logger.LogDebug(e, "The orchestration service stopped before it held its lease");
        }
    }

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState) =>
        inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    private sealed class HeldActivity(TaskActivityWorkItem workItem) : IAsyncDisposable
    {
        public TaskActivityWorkItem WorkItem { get; } = workItem;

        public CancellationTokenSource Released { get; } = new();

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Task Renewing { get; set; } = Task.CompletedTask;

        public async ValueTask DisposeAsync()
        {
            Gate.Release();
            await Renewing;
            Released.Dispose();
            Gate.Dispose();
        }
    }

    private sealed class NoRelease : IAsyncDisposable
    {
        public static readonly NoRelease Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
