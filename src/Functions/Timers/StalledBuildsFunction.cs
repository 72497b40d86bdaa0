using EpisodeBuilder.Api;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace EpisodeBuilder.Functions.Timers;

/// <summary>
/// The watch for stalled builds: every five minutes it reads the status of every active build, so each stalled one is
/// logged (<c>BuildStalled</c>, a warning to alert on) even when nobody looks at it. The local host runs the same check on
/// its own timer (<c>Builds:StallScanInterval</c>).
/// </summary>
public sealed class StalledBuildsFunction(BuildService builds)
{
    public const string Name = "StalledBuildsWatchdog";

    [Function(Name)]
    public Task RunAsync([TimerTrigger("0 */5 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        builds.FindStalledAsync(client, cancellationToken);
}
