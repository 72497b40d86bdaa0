using System.Text.Json;
using EpisodeBuilder.Orchestration;
using EpisodeBuilder.Storage;
using Microsoft.DurableTask.Client;

namespace EpisodeBuilder.Api;

/// <summary>
/// Admits one running build per episode, across instances: a small lock object in GCS names the build that holds
/// it and is taken with a create-only write, or with compare-and-swap when the build it names has finished. Two
/// requests racing for the same episode cannot both win: one write meets the other's generation and loses.
/// </summary>
public sealed class EpisodeBuildLock(ObjectStore store, TimeProvider time)
{
    /// <summary>A lock whose build never got scheduled (a crash in between) is free again after this long.</summary>
    public static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(2);

    /// <summary>The runtime states in which a build still holds its episode.</summary>
    public static IReadOnlyList<OrchestrationRuntimeStatus> Active { get; } = [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    /// <summary>Takes the lock for <paramref name="buildId"/>; returns the id of the build holding it when that fails.</summary>
    public async Task<string?> TryAcquireAsync(DurableTaskClient client, string userId, string episodeId, string buildId, CancellationToken cancellationToken)
    {
        var key = ObjectKeys.BuildLock(userId, episodeId);
        var content = JsonSerializer.Serialize(new LockRecord(buildId, time.GetUtcNow()));
        try
        {
            await store.WriteTextAsync(key, content, "application/json", WriteCondition.CreateOnly, cancellationToken);
            return null;
        }
        catch (WriteConflictException)
        {
        }

        var current = await store.ReadTextAsync(key, cancellationToken);
        if (current is { } held)
        {
            var record = JsonSerializer.Deserialize<LockRecord>(held.Text);
            if (record is not null && await IsActiveAsync(client, record, cancellationToken))
            {
                return record.BuildId;
            }
        }

        try
        {
            var condition = current is { } c ? WriteCondition.IfGeneration(c.Generation) : WriteCondition.CreateOnly;
            await store.WriteTextAsync(key, content, "application/json", condition, cancellationToken);
            return null;
        }
        catch (WriteConflictException)
        {
            var winner = await store.ReadTextAsync(key, cancellationToken);
            return winner is { } w ? JsonSerializer.Deserialize<LockRecord>(w.Text)?.BuildId ?? "another build" : "another build";
        }
    }

    /// <summary>Frees the lock if <paramref name="buildId"/> still holds it (when scheduling the build failed).</summary>
    public async Task ReleaseAsync(string userId, string episodeId, string buildId, CancellationToken cancellationToken)
    {
        var key = ObjectKeys.BuildLock(userId, episodeId);
        if (await store.ReadTextAsync(key, cancellationToken) is { } held && JsonSerializer.Deserialize<LockRecord>(held.Text)?.BuildId == buildId)
        {
            await store.DeleteAsync(key, held.Generation, cancellationToken);
        }
    }

    private async Task<bool> IsActiveAsync(DurableTaskClient client, LockRecord record, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(record.BuildId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return time.GetUtcNow() - record.TakenAt < StartGrace;
        }

        // A build whose status already says it ended (its owner sees Failed or Canceled, and may retry) only tidies up
        // (leaves the line, dates its uploads): it holds the episode no longer.
        return Active.Contains(instance.RuntimeStatus)
            && (instance.SerializedCustomStatus is null || instance.ReadCustomStatusAs<BuildProgress>()?.State is not (BuildState.Completed or BuildState.Failed or BuildState.Canceled));
    }

    private sealed record LockRecord(string BuildId, DateTimeOffset TakenAt);
}
