using System.Text.Json;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Orchestration;

/// <summary>
/// Cancel that crosses processes. A canceled build's orchestrator stops waiting for its running step at once, but
/// the step itself runs on whichever worker took it, where no cancellation token from the API can reach. So a
/// cancel also writes a small marker object beside the build's intermediates, and every running step watches for
/// it: when it appears, the step's token is canceled, which kills its FFmpeg or PocketSphinx process.
/// </summary>
public sealed class CancelMarkers(ObjectStore store, IOptions<BuildOptions> options, ILogger<CancelMarkers> logger)
{
    public const string FileName = "cancel-requested.json";

    public static string Key(BuildRef build) => build.File(FileName);

    /// <summary>Marks the build canceled for every step that runs or will run.</summary>
    public Task RequestAsync(BuildRef build, string requestedBy, CancellationToken cancellationToken) =>
        store.WriteTextAsync(Key(build), JsonSerializer.Serialize(new { requestedBy }), "application/json", WriteCondition.Overwrite, cancellationToken);

    /// <summary>
    /// A token canceled when <paramref name="stopping"/> is, or as soon as the build's cancel marker appears
    /// (looked for at once, then every <see cref="BuildOptions.CancelPollInterval"/>). Dispose it when the step ends.
    /// </summary>
    public Watch WatchFor(BuildRef build, CancellationToken stopping)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var polling = PollAsync(build, source);
        return new Watch(source, polling);
    }

    private async Task PollAsync(BuildRef build, CancellationTokenSource source)
    {
        var key = Key(build);
        using var timer = new PeriodicTimer(options.Value.CancelPollInterval);
        try
        {
            do
            {
                try
                {
                    if (await store.GetAsync(key, source.Token) is not null)
                    {
                        logger.LogInformation("Build {BuildId} was canceled: stopping its running step", build.BuildId);
                        await source.CancelAsync();
                        return;
                    }
                }
                catch (Exception e) when (e is TransientStorageException or HttpRequestException or Google.GoogleApiException)
                {
                    // A storage hiccup must not fail the step; the next poll looks again.
                    logger.LogDebug(e, "Looking for the cancel marker of build {BuildId} failed", build.BuildId);
                }
            }
            while (await timer.WaitForNextTickAsync(source.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The token of one running step, and the poll that may cancel it.</summary>
    public sealed class Watch(CancellationTokenSource source, Task polling) : IAsyncDisposable
    {
        public CancellationToken Token => source.Token;

        public async ValueTask DisposeAsync()
        {
            if (!source.IsCancellationRequested)
            {
                await source.CancelAsync();
            }

            await polling;
            source.Dispose();
        }
    }
}
