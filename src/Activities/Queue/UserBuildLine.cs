using System.Text.Json;
using EpisodeBuilder.Storage;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.Queue;

/// <summary>Where a build stands in its owner's line: accepted or not, and its position (0: it may run now).</summary>
public sealed record QueuePlace(bool Accepted, int Position);

/// <summary>
/// One podcaster's line of builds, kept in GCS (<see cref="ObjectKeys.BuildQueue"/>) so every instance sees the same
/// line: the builds accepted and not yet ended, oldest first, each marked once it runs. At most
/// <see cref="BuildQueueOptions.MaxRunningPerUser"/> run; the others wait in the order they were accepted. Every change
/// is a compare-and-swap on the object's generation, so racing starts, turns and ends all land.
/// </summary>
/// <remarks>
/// A build joins the line when it is accepted (<see cref="JoinAsync"/>), takes its turn before its first step
/// (<see cref="TakeTurnAsync"/>), and leaves when it ends however it ends (<see cref="LeaveAsync"/>). A build whose end
/// never reached the line (its orchestration was terminated or purged by an operator) is dropped the next time one of
/// the user's builds is accepted, which asks the Durable runtime which builds still live.
/// </remarks>
public sealed class UserBuildLine(ObjectStore store, IOptions<BuildQueueOptions> options, TimeProvider time)
{
    private const int MaxAttempts = 20;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Adds <paramref name="buildId"/> at the end of the line after dropping the builds <paramref name="isLive"/> says have
    /// ended; refuses it (nothing written) when it would wait behind more than <see cref="BuildQueueOptions.MaxQueuedPerUser"/>.
    /// </summary>
    public async Task<QueuePlace> JoinAsync(string userId, string buildId, Func<QueueEntry, CancellationToken, Task<bool>> isLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(isLive);
        var limits = options.Value;
        return await UpdateAsync(userId, async line =>
        {
            var live = new List<QueueEntry>();
            foreach (var entry in line.Where(e => e.BuildId != buildId))
            {
                if (await isLive(entry, cancellationToken))
                {
                    live.Add(entry);
                }
            }

            live.Add(new QueueEntry(buildId, time.GetUtcNow(), Running: false));
            var position = PositionOf(live, buildId, limits.MaxRunningPerUser);
            return position > limits.MaxQueuedPerUser
                ? (null, new QueuePlace(false, position))
                : (live, new QueuePlace(true, position));
        }, cancellationToken);
    }

    /// <summary>
    /// The build's position now (0: it runs, and is marked running); a build missing from the line (accepted before lines
    /// existed, or dropped by mistake) joins at its end.
    /// </summary>
    public Task<QueuePlace> TakeTurnAsync(string userId, string buildId, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxRunningPerUser;
        return UpdateAsync(userId, line =>
        {
            var changed = false;
            if (line.FindIndex(e => e.BuildId == buildId) < 0)
            {
                line.Add(new QueueEntry(buildId, time.GetUtcNow(), Running: false));
                changed = true;
            }

            var position = PositionOf(line, buildId, limit);
            var index = line.FindIndex(e => e.BuildId == buildId);
            if (position == 0 && !line[index].Running)
            {
                line[index] = line[index] with { Running = true };
                changed = true;
            }

            return Task.FromResult<(List<QueueEntry>?, QueuePlace)>((changed ? line : null, new QueuePlace(true, position)));
        }, cancellationToken);
    }

    /// <summary>Takes the build out of the line; returns the builds still waiting in it, which may now run or move up.</summary>
    public Task<IReadOnlyList<string>> LeaveAsync(string userId, string buildId, CancellationToken cancellationToken) =>
        UpdateAsync(userId, line =>
        {
            var removed = line.RemoveAll(e => e.BuildId == buildId) > 0;
            IReadOnlyList<string> waiting = line.Where(e => !e.Running).Select(e => e.BuildId).ToList();
            return Task.FromResult<(List<QueueEntry>?, IReadOnlyList<string>)>((removed ? line : null, waiting));
        }, cancellationToken);

    /// <summary>The user's line as it is stored, oldest first.</summary>
    public async Task<IReadOnlyList<QueueEntry>> ReadAsync(string userId, CancellationToken cancellationToken) =>
        Parse((await store.ReadTextAsync(ObjectKeys.BuildQueue(userId), cancellationToken))?.Text);

    /// <summary>
    /// A build's position in <paramref name="line"/>: 0 when it runs or a running place is free for it (the first waiting
    /// builds take the free places), otherwise how many builds it waits behind for a place, plus one.
    /// </summary>
    public static int PositionOf(IReadOnlyList<QueueEntry> line, string buildId, int maxRunning)
    {
        ArgumentNullException.ThrowIfNull(line);
        var entry = line.FirstOrDefault(e => e.BuildId == buildId) ?? throw new ArgumentException($"Build '{buildId}' is not in the line.", nameof(buildId));
        if (entry.Running)
        {
            return 0;
        }

        var free = Math.Max(0, maxRunning - line.Count(e => e.Running));
        var waitIndex = line.Where(e => !e.Running).TakeWhile(e => e.BuildId != buildId).Count();
        return waitIndex < free ? 0 : waitIndex - free + 1;
    }

    private async Task<T> UpdateAsync<T>(string userId, Func<List<QueueEntry>, Task<(List<QueueEntry>? Changed, T Result)>> change, CancellationToken cancellationToken)
    {
        var key = ObjectKeys.BuildQueue(userId);
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.ReadTextAsync(key, cancellationToken);
            var (changed, result) = await change(Parse(current?.Text).ToList());
            if (changed is null)
            {
                return result;
            }

            var condition = current is { } c ? WriteCondition.IfGeneration(c.Generation) : WriteCondition.CreateOnly;
            try
            {
                await store.WriteTextAsync(key, JsonSerializer.Serialize(new QueueRecord(changed), Json), "application/json", condition, cancellationToken);
                return result;
            }
            catch (WriteConflictException) when (attempt < MaxAttempts)
            {
                // Another start, turn or end of the same user's builds landed first: read the line again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 60) * Math.Min(attempt, 5)), cancellationToken);
            }
        }
    }

    private static IReadOnlyList<QueueEntry> Parse(string? text) =>
        text is null ? [] : JsonSerializer.Deserialize<QueueRecord>(text, Json)?.Builds ?? [];

    private sealed record QueueRecord(IReadOnlyList<QueueEntry> Builds);
}

/// <summary>One build in its owner's line: when it was accepted, and whether it has started running.</summary>
public sealed record QueueEntry(string BuildId, DateTimeOffset AcceptedAt, bool Running);
