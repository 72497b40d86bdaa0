using System.Collections.Concurrent;
using EpisodeBuilder.Orchestration;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Api;

/// <summary>
/// Whether a build has stalled: its status has not moved for longer than it can while anything works on it. A running
/// step ends or is stopped at <see cref="BuildOptions.StepTimeout"/> (each part of a fanned-out step moves the status
/// when it lands), a review ends at its deadline and a scheduled build's wait at its publish time; past that plus <see cref="BuildOptions.StallMargin"/>, something
/// outside the step holds the build (a frozen worker, a lost message). A step's deadline counts from when a worker takes
/// it, so a step that waited long for a free worker, or was retried after its worker died, may show as stalled until it
/// ends.
/// </summary>
public sealed partial class BuildStall(ILogger<BuildStall> logger)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _reported = new(StringComparer.Ordinal);

    /// <summary>
    /// Since when the build's status has not moved, when that makes it stalled; null otherwise. <paramref name="waitsUntil"/>:
    /// the review's deadline of a build in review, the publish time of a scheduled one.
    /// </summary>
    public static DateTimeOffset? Since(BuildState status, DateTimeOffset lastUpdatedAt, DateTime? waitsUntil, BuildOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limit = status switch
        {
            BuildState.Pending or BuildState.Queued or BuildState.Running => lastUpdatedAt + options.StepTimeout,
            BuildState.AwaitingReview or BuildState.Scheduled when waitsUntil is { } deadline => new DateTimeOffset(deadline.Kind == DateTimeKind.Local ? deadline.ToUniversalTime() : DateTime.SpecifyKind(deadline, DateTimeKind.Utc)),
            _ => (DateTimeOffset?)null,
        };
        return limit is { } end && now > end + options.StallMargin ? lastUpdatedAt : null;
    }

    /// <summary>
    /// Logs a stalled build once per stall in this process (event <c>BuildStalled</c>, a warning an operator can alert on),
    /// however often its status is read; a build that moves again is forgotten, so a later stall is logged again.
    /// </summary>
    public void Report(BuildStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.StalledSince is not { } since)
        {
            _reported.TryRemove(status.BuildId, out _);
            return;
        }

        var first = _reported.TryAdd(status.BuildId, since);
        if (first || (_reported.TryGetValue(status.BuildId, out var known) && known != since && _reported.TryUpdate(status.BuildId, since, known)))
        {
            LogStalled(status.BuildId, status.Status, status.Step ?? "none", since);
        }
    }

    /// <summary>Forgets every reported build but these (after a scan of all active builds: the others have moved or ended).</summary>
    public void Retain(IReadOnlyCollection<string> stalledBuildIds)
    {
        ArgumentNullException.ThrowIfNull(stalledBuildIds);
        foreach (var buildId in _reported.Keys.Where(id => !stalledBuildIds.Contains(id)))
        {
            _reported.TryRemove(buildId, out _);
        }
    }

    [LoggerMessage(EventId = 4101, EventName = "BuildStalled", Level = LogLevel.Warning,
        Message = "Build {BuildId} is stalled: {Status} in step {Step}, its status unchanged since {Since:O}")]
    private partial void LogStalled(string buildId, BuildState status, string step, DateTimeOffset since);
}
