using EpisodeBuilder.Activities.Hosting;
using EpisodeBuilder.Activities.Builds;
using EpisodeBuilder.Activities.Errors;
using EpisodeBuilder.Activities.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.Publishing;

/// <summary>Input of <see cref="ActivityNames.PublishEpisode"/>: the staged MP3 and the feed item to write.</summary>
public sealed record PublishEpisodeInput(BuildRef Build, string StagedKey, PublishSettings Publish, double DurationSeconds, long SizeBytes, DateTime PublishedAt) : IBuildStepInput;

/// <summary>Keys of the published episode and the feed that lists it.</summary>
public sealed record PublishEpisodeOutput(string EpisodeKey, string FeedKey, long EpisodeGeneration);

/// <summary>
/// Publishes a finished build: copies the staged MP3 to the episode's stable key (server-side), then adds or
/// updates the episode's item in the podcast's RSS feed with compare-and-swap, so concurrent publishes to one feed
/// never lose an item. Idempotent: running it again gives the same episode and the same feed.
/// </summary>
public sealed class PublishEpisodeActivity(ObjectStore store, IOptions<PublishingOptions> options, ILogger<PublishEpisodeActivity> logger)
    : IEpisodeActivity<PublishEpisodeInput, PublishEpisodeOutput>, IUninterruptibleActivity
{
    public async Task<PublishEpisodeOutput> RunAsync(PublishEpisodeInput input, CancellationToken cancellationToken)
    {
        var build = input.Build;
        var episodeKey = build.Episode();
        var feedKey = ObjectKeys.Feed(build.UserId, input.Publish.Podcast);
        var episode = await store.CopyAsync(input.StagedKey, episodeKey, WriteCondition.Overwrite, cancellationToken);

        var settings = options.Value;
        var item = new FeedItem(
            build.EpisodeId,
            input.Publish.Title,
            input.Publish.Description,
            settings.PublicBaseUrl.TrimEnd('/') + "/" + episodeKey,
            episode.Size,
            TimeSpan.FromSeconds(input.DurationSeconds),
            new DateTimeOffset(DateTime.SpecifyKind(input.PublishedAt, DateTimeKind.Utc)));
        await store.ReadModifyWriteAsync(
            feedKey,
            current =>
            {
                PodcastFeed feed;
                try
                {
                    feed = current is null ? PodcastFeed.Create(input.Publish.Podcast, settings.Language, settings.SiteUrl) : PodcastFeed.Parse(current);
                }
                catch (FormatException e)
                {
                    throw new InvalidBuildInputException($"The feed '{feedKey}' cannot be updated: {e.Message}", e);
                }

                feed.Upsert(item);
                return feed.ToString();
            },
            "application/rss+xml",
            cancellationToken);
        logger.LogInformation("Build {BuildId}: published {EpisodeKey} ({Size} bytes) in feed {FeedKey}", build.BuildId, episodeKey, episode.Size, feedKey);
        return new PublishEpisodeOutput(episodeKey, feedKey, episode.Generation);
    }
}
