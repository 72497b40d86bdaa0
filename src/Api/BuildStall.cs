using System.Collections.Concurrent;
using EpisodeBuilder.Orchestration;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Api;

/// <summary>
/// Whether a build has stalled: its status has not moved for longer than it can while anything works on it. A running
/// step ends or is stopped at <see cref="BuildOptions.StepTimeout"/> (each part of a fanned-out step moves the status
/// when it lands), and a review ends at its deadline; past that plus <see cref="BuildOptions.StallMargin"/>, something
/// outside the step holds the build (a frozen worker, a lost message). A step retried after its worker died starts its
/// deadline again, so it may show as stalled until it ends.
/// </summary>
public sealed partial class BuildStall(ILogger<BuildStall> logger)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _reported = new(StringComparer.Ordinal);

    /// <summary>Since when the build's status has not moved, when that makes it stalled; null otherwise.</summary>
    public static DateTimeOffset? Since(BuildState status, DateTimeOffset lastUpdatedAt, DateTime? reviewDeadline, BuildOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limit = status switch
        {
            BuildState.Pending or BuildState.Running => lastUpdatedAt + options.StepTimeout,
            BuildState.AwaitingReview when reviewDeadline is { } deadline => new DateTimeOffset(DateTime.SpecifyKind(deadline, DateTimeKind.Utc)),
            _ => (DateTimeOffset?)null,
        };
        return limit is { } end && now > end + options.StallMargin ? lastUpdatedAt : null;
    }

    /// <summary>
    /// Logs a stalled build once per stall (event <c>BuildStalled</c>, a warning an operator can alert on), however often
    /// its status is read.
    /// </summary>
    public void Report(BuildStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.StalledSince is not { } since || (_reported.TryGetValue(status.BuildId, out var known) && known == since))
        {
            return;
        }

        _reported[status.BuildId] = since;
        LogStalled(status.BuildId, status.Status, status.Step ?? "none", since);
    }

    [LoggerMessage(EventId = 4101, EventName = "BuildStalled", Level = LogLevel.Warning,
        Message = "Build {BuildId} is stalled: {Status} in step {Step}, its status unchanged since {Since:O}")]
    private partial void LogStalled(string buildId, BuildState status, string step, DateTimeOffset since);
}
