using EpisodeBuilder.Activities.Builds;

namespace EpisodeBuilder.Activities.Media;

/// <summary>Input of <see cref="ActivityNames.EncodeEpisode"/>: the merged audio and the tags to write.</summary>
public sealed record EncodeEpisodeInput(BuildRef Build, string MergedKey, PublishSettings Publish);

/// <summary>Key of the staged MP3 (inside the build's prefix, not yet published) and its figures.</summary>
public sealed record EncodeEpisodeOutput(string StagedKey, double DurationSeconds, long SizeBytes);
