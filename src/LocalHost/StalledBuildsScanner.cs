using EpisodeBuilder.Api;
using EpisodeBuilder.Orchestration;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.LocalHost;

/// <summary>
/// The local API's watch for stalled builds: every <see cref="BuildOptions.StallScanInterval"/> it reads the status of
/// every active build, so each stalled one is logged (<c>BuildStalled</c>) even when nobody looks at it.
/// </summary>
public sealed class StalledBuildsScanner(BuildService builds, DurableTaskClient client, IOptions<BuildOptions> options, ILogger<StalledBuildsScanner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.StallScanInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await builds.FindStalledAsync(client, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The task hub's storage may be away for a moment; the next tick looks again.
                logger.LogWarning(e, "Could not look for stalled builds");
            }
        }
    }
}
