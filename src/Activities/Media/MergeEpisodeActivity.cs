using EpisodeBuilder.Activities.Builds;

namespace EpisodeBuilder.Activities.Media;

/// <summary>Input of <see cref="ActivityNames.MergeEpisode"/>: the parts of the episode, by key.</summary>
public sealed record MergeEpisodeInput(
    BuildRef Build,
    string? IntroKey,
    string ContentKey,
    IReadOnlyList<PlacedSegment> Segments,
    string? OutroKey,
    string? MusicBedKey,
    double LoudnessLufs);

/// <summary>A generated segment and where it goes.</summary>
public sealed record PlacedSegment(string SegmentId, string Key, SegmentPosition Position);

/// <summary>Key of the merged, loudness-normalised episode audio (lossless) and its figures.</summary>
public sealed record MergeEpisodeOutput(string MergedKey, double DurationSeconds, double IntegratedLufs);
