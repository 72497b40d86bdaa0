using EpisodeBuilder.Activities.Builds;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.Hosting;

/// <summary>
/// Trims the native heap (<see cref="NativeHeap.Trim"/>) every <see cref="BuildOptions.NativeHeapTrimInterval"/>, so
/// what the process's threads freed goes back to the system while a step waits minutes on FFmpeg and the frontend polls
/// the status: without it, an hour's build held about 40 MB more than a ten-minute one, all of it free memory in the C
/// library's arenas. A trim takes well under a millisecond.
/// </summary>
public sealed class NativeHeapTrimmer(IOptions<BuildOptions> options, ILogger<NativeHeapTrimmer> logger) : BackgroundService
{
    /// <summary>How many trims ran, and how many of them returned memory.</summary>
    public int Trims { get; private set; }

    /// <inheritdoc cref="Trims"/>
    public int Released { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (ArenaLimit.Applied is { } arenas)
        {
            logger.LogInformation("Start-up: {ArenaLimit}", arenas.Describe());
        }

        var interval = options.Value.NativeHeapTrimInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Trims++;
                if (NativeHeap.Trim())
                {
                    Released++;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        logger.LogDebug("Native heap trimmed {Trims} times, {Released} of them returning memory", Trims, Released);
    }
}
