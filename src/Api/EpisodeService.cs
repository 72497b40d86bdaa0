using EpisodeBuilder.Activities.Publishing;
using EpisodeBuilder.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Api;

/// <summary>What unpublishing an episode did: whether its item left the feed, and how many public files went.</summary>
public sealed record EpisodeUnpublished(string Podcast, string EpisodeId, bool RemovedFromFeed, int DeletedFiles);

/// <summary>
/// Takes a published episode down: its item leaves the podcast's feed (one compare-and-swap write, as publishing does),
/// then its public files (the MP3s, transcripts and chapters of every build of it) are deleted, unless another of the
/// owner's feeds still lists the episode. Idempotent: a second call finds nothing to do and says so. Only the owner's feed
/// and files are reachable (every key is under the caller's prefix). While the episode holds no build, the episode's lock
/// is taken for the time it takes, so no build publishes it again halfway; a running or scheduled build of the episode is
/// a 409 naming it (cancel it first).
/// </summary>
public sealed class EpisodeService(PublishedStore published, EpisodeBuildLock buildLock, IOptions<PublishingOptions> publishing, TimeProvider time, ILogger<EpisodeService> logger)
{
    public async Task<ApiResult> UnpublishAsync(DurableTaskClient client, string userId, string podcast, string episodeId, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ObjectKeys.IsValidId(podcast))
        {
            errors["podcast"] = ["must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'."];
        }

        if (!ObjectKeys.IsValidId(episodeId))
        {
            errors["episodeId"] = ["must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'."];
        }

        if (errors.Count > 0)
        {
            return ApiResult.Invalid(errors);
        }

        var holder = $"{userId}.{episodeId}.unpublish-{Guid.NewGuid():N}";
        if (await buildLock.TryAcquireAsync(client, userId, episodeId, holder, cancellationToken) is { } running)
        {
            return ApiResult.Fail(409, "A build of this episode is running.", $"Build '{running}' of episode '{episodeId}' has not ended; cancel it before unpublishing the episode.");
        }

        try
        {
            var store = published.Store;
            var settings = publishing.Value;
            var feedKey = ObjectKeys.Feed(userId, podcast);
            var removed = false;
            if (await store.GetAsync(feedKey, cancellationToken) is not null)
            {
                await store.ReadModifyWriteAsync(
                    feedKey,
                    current =>
                    {
                        var feed = PodcastFeed.Parse(current ?? throw new ObjectNotFoundException(feedKey));
                        var showGuid = feed.ShowGuid ?? PodcastGuid.ForFeed(settings.PublicUrl(feedKey));
                        removed = feed.Remove(PodcastGuid.ForEpisode(showGuid, episodeId).ToString("D"), time.GetUtcNow());
                        return feed.ToString();
                    },
                    "application/rss+xml",
                    cancellationToken,
                    settings.FeedCacheControl);
            }

            var files = ObjectKeys.EpisodeFiles(userId, episodeId);
            var deleted = 0;
            if (!await ListedElsewhereAsync(store, userId, settings.PublicUrl(files), cancellationToken))
            {
                await foreach (var file in store.ListAsync(files, cancellationToken))
                {
                    if (await store.DeleteAsync(file.Key, file.Generation, cancellationToken))
                    {
                        deleted++;
                    }
                }
            }

            logger.LogInformation("Episode {EpisodeId} of {Podcast}: {Removed}, {Deleted} public files deleted", episodeId, podcast, removed ? "removed from the feed" : "not in the feed", deleted);
            return ApiResult.Ok(new EpisodeUnpublished(podcast, episodeId, removed, deleted));
        }
        finally
        {
            await buildLock.ReleaseAsync(userId, episodeId, holder, CancellationToken.None);
        }
    }

    /// <summary>Whether any of the user's feeds still has an item whose enclosure is one of the episode's files.</summary>
    private static async Task<bool> ListedElsewhereAsync(ObjectStore store, string userId, string filesUrl, CancellationToken cancellationToken)
    {
        await foreach (var feedObject in store.ListAsync(ObjectKeys.Feeds(userId), cancellationToken))
        {
            if (await store.ReadTextAsync(feedObject.Key, cancellationToken) is { } text && PodcastFeed.Parse(text.Text).HasEnclosureUnder(filesUrl))
            {
                return true;
            }
        }

        return false;
    }
}
