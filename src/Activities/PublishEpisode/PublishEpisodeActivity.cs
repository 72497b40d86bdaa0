using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.Publishing;
using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.PublishEpisode;

/// <summary>Input of <see cref="PublishEpisodeActivity"/>: the staged MP3, the feed item to write, and what to publish beside the MP3.</summary>
public sealed record PublishEpisodeInput(BuildRef Build, string StagedKey, PublishSettings Publish, double DurationSeconds, long SizeBytes, DateTime PublishedAt, EpisodeCompanions? Companions = null) : IBuildStepInput<PublishEpisodeOutput>;

/// <summary>The staged files published beside an episode: its transcript as WebVTT and as Podcasting 2.0 JSON, and its chapters.</summary>
public sealed record EpisodeCompanions(string SubtitlesKey, string TranscriptKey, string ChaptersKey);

/// <summary>Keys of the published episode and the feed that lists it.</summary>
public sealed record PublishEpisodeOutput(string EpisodeKey, string FeedKey, long EpisodeGeneration);

/// <summary>
/// Publishes a finished build: copies the staged MP3, transcripts and chapters (server-side) from the private bucket to
/// names of this build's own in the public one (<see cref="PublishedStore"/>), then adds or replaces
/// the episode's item in the podcast's RSS feed with one compare-and-swap write that switches the enclosure to it, so
/// concurrent publishes to one feed never lose an item and a rebuilt episode's feed never states the old MP3's length
/// for the new one. The item's GUID derives from the show and the episode id, so a rebuild replaces the item. The first
/// episode of a podcast must describe its show (<see cref="PublishSettings.Show"/>); the check runs before anything is
/// written. Idempotent: running it again gives the same episode and the same feed. The feed is cached briefly
/// (<see cref="PublishingOptions.FeedCacheControl"/>), the build's own files for good (<see cref="PublishingOptions.EpisodeCacheControl"/>).
/// </summary>
public sealed class PublishEpisodeActivity(ObjectStore store, PublishedStore published, IOptions<PublishingOptions> options, IOptions<StorageOptions> storage, TimeProvider time, ILogger<PublishEpisodeActivity> logger)
    : IEpisodeActivity<PublishEpisodeInput, PublishEpisodeOutput>, IUninterruptibleActivity
{
    /// <summary>The activity's name in the Durable runtime (part of every running build's history: never renamed).</summary>
    public const string Name = "PublishEpisode";

    public async Task<PublishEpisodeOutput> RunAsync(PublishEpisodeInput input, CancellationToken cancellationToken)
    {
        var build = input.Build;
        var settings = options.Value;
        var episodeKey = build.Episode();
        var feedKey = ObjectKeys.Feed(build.UserId, input.Publish.Podcast);
        var feedUrl = settings.PublicUrl(feedKey);
        var target = published.Store;
        if (input.Publish.Show is null && await target.GetAsync(feedKey, cancellationToken) is null)
        {
            throw MissingShow(input.Publish.Podcast);
        }

        var episode = await store.CopyAsync(input.StagedKey, episodeKey, WriteCondition.Overwrite, cancellationToken, target, settings.EpisodeCacheControl);
        var transcripts = new List<FeedTranscript>();
        string? chaptersUrl = null;
        IReadOnlyList<Chapter>? chapters = null;
        if (input.Companions is { } companions)
        {
            if (input.Publish.ChaptersInNotes && await store.ReadTextAsync(companions.ChaptersKey, cancellationToken) is { } chaptersJson)
            {
                chapters = ChaptersJson.Read(chaptersJson.Text);
            }

            transcripts.Add(new FeedTranscript(settings.PublicUrl(await PublishCompanionAsync(companions.SubtitlesKey, "vtt")), "text/vtt", settings.Language, Captions: true));
            transcripts.Add(new FeedTranscript(settings.PublicUrl(await PublishCompanionAsync(companions.TranscriptKey, "transcript.json")), "application/json", settings.Language));
            chaptersUrl = settings.PublicUrl(await PublishCompanionAsync(companions.ChaptersKey, "chapters.json"));
        }

        var notes = ShowNotes.From(input.Publish.Description, chapters);

        // Uploaded art is published beside the episode (the episode's) and the feed (the show's, named by its bytes).
        string? episodeImageUrl = null;
        if (input.Publish.Image is { } episodeImage)
        {
            var stored = await store.GetAsync(episodeImage, cancellationToken) ?? throw new InvalidBuildInputException($"publish.image: '{episodeImage}' no longer exists.");
            episodeImageUrl = settings.PublicUrl((await store.CopyAsync(episodeImage, build.EpisodeCompanion(ImageExtension(stored)), WriteCondition.Overwrite, cancellationToken, target, settings.EpisodeCacheControl)).Key);
        }

        var show = input.Publish.Show;
        if (show?.ImageKey is { } showImage)
        {
            var stored = await store.GetAsync(showImage, cancellationToken) ?? throw new InvalidBuildInputException($"publish.show.image: '{showImage}' no longer exists.");
            var tag = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(stored.ContentHash)))[..16];
            var published = ObjectKeys.ShowImage(build.UserId, input.Publish.Podcast, tag, ImageExtension(stored));
            await store.CopyAsync(showImage, published, WriteCondition.Overwrite, cancellationToken, target, settings.EpisodeCacheControl);
            show = show with { ImageUrl = settings.PublicUrl(published) };
        }

        async Task<string> PublishCompanionAsync(string staged, string suffix) =>
            (await store.CopyAsync(staged, build.EpisodeCompanion(suffix), WriteCondition.Overwrite, cancellationToken, target, settings.EpisodeCacheControl)).Key;
        await target.ReadModifyWriteAsync(
            feedKey,
            current =>
            {
                PodcastFeed feed;
                try
                {
                    feed = current is null
                        ? PodcastFeed.Create(show ?? throw MissingShow(input.Publish.Podcast), feedUrl, settings.Language, settings.SiteUrl)
                        : PodcastFeed.Parse(current);
                }
                catch (FormatException e)
                {
                    throw new InvalidBuildInputException($"The feed '{feedKey}' cannot be updated: {e.Message}", e);
                }

                if (current is not null && show is not null)
                {
                    feed.SetShow(show, feedUrl, settings.Language, settings.SiteUrl);
                }

                var showGuid = feed.ShowGuid ?? PodcastGuid.ForFeed(feedUrl);
                var language = feed.Language ?? settings.Language;
                feed.Upsert(new FeedItem(
                    PodcastGuid.ForEpisode(showGuid, build.EpisodeId).ToString("D"),
                    input.Publish.Title,
                    notes.Text,
                    settings.PublicUrl(episodeKey),
                    episode.Size,
                    TimeSpan.FromSeconds(input.DurationSeconds),
                    new DateTimeOffset(DateTime.SpecifyKind(input.PublishedAt, DateTimeKind.Utc)),
                    input.Publish.EpisodeType,
                    input.Publish.Explicit,
                    input.Publish.Season,
                    input.Publish.Number,
                    [.. transcripts.Select(t => t with { Language = language })],
                    chaptersUrl,
                    notes.Html,
                    episodeImageUrl));
                return feed.ToString();
            },
            "application/rss+xml",
            cancellationToken,
            settings.FeedCacheControl);
        logger.LogInformation("Build {BuildId}: published {EpisodeKey} ({Size} bytes) in feed {FeedKey}", build.BuildId, episodeKey, episode.Size, feedKey);
        await RetireSupersededAsync(target, build, time.GetUtcNow(), cancellationToken);
        return new PublishEpisodeOutput(episodeKey, feedKey, episode.Generation);
    }

    /// <summary>
    /// Once the feed points at this build's files, the episode's files from earlier builds are given a retirement date
    /// <see cref="StorageOptions.SupersededRetentionDays"/> ahead, when the bucket's lifecycle rule deletes them, so a slip
    /// a rebuild removed does not stay public for ever, while apps that cached the old enclosure still find it meanwhile.
    /// </summary>
    private async Task RetireSupersededAsync(ObjectStore target, BuildRef build, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var prefix = ObjectKeys.EpisodeFiles(build.UserId, build.EpisodeId);
        var current = prefix + build.BuildId + ".";
        var marked = await target.MarkForRetirementAsync(prefix, key => key.StartsWith(current, StringComparison.Ordinal), now.AddDays(storage.Value.SupersededRetentionDays), cancellationToken);
        if (marked > 0)
        {
            logger.LogInformation("Build {BuildId}: {Count} files of earlier builds of episode {EpisodeId} are retired", build.BuildId, marked, build.EpisodeId);
        }
    }

    /// <summary>The extension of stored art, from the type the API checked it to be.</summary>
    private static string ImageExtension(StoredObject image) => image.ContentType == "image/png" ? "png" : "jpg";

    private static InvalidBuildInputException MissingShow(string podcast) =>
        new($"The podcast '{podcast}' has no feed yet: its first episode's publish.show must describe the show (title, description, author, owner, image, category).");
}
