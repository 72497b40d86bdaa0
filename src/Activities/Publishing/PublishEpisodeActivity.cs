using EpisodeBuilder.Activities.Builds;

namespace EpisodeBuilder.Activities.Publishing;

/// <summary>Input of <see cref="ActivityNames.PublishEpisode"/>: the staged MP3 and the feed item to write.</summary>
public sealed record PublishEpisodeInput(
    BuildRef Build,
    string StagedKey,
    PublishSettings Publish,
    double DurationSeconds,
    long SizeBytes,
    DateTime PublishedAt);

/// <summary>Keys of the published episode and the feed that lists it.</summary>
public sealed record PublishEpisodeOutput(string EpisodeKey, string FeedKey, long EpisodeGeneration);
