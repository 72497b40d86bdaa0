using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EpisodeBuilder.Activities.Tests.Infrastructure;

/// <summary>
/// The real engine's client, except that its first <c>RaiseEventAsync</c> fails as a dropped connection would, after
/// which every call goes through. Counts the raises that reached the engine.
/// </summary>
public sealed class RaiseFailsOnceClient(DurableTaskClient inner) : DurableTaskClient(inner.Name)
{
    private int _raises;

    /// <summary>Raises that went through to the engine.</summary>
    public int Delivered { get; private set; }

    public override async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        if (Interlocked.Increment(ref _raises) == 1)
        {
            throw new HttpRequestException("The connection to the task hub was reset.");
        }

        await inner.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);
        Delivered++;
    }

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) =>
        inner.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, options, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        inner.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        inner.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        inner.SuspendInstanceAsync(instanceId, reason, cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        inner.ResumeInstanceAsync(instanceId, reason, cancellation);

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        inner.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => inner.GetAllInstancesAsync(filter);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
