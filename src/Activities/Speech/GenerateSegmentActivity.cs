using EpisodeBuilder.Activities.Builds;

namespace EpisodeBuilder.Activities.Speech;

/// <summary>Input of <see cref="ActivityNames.GenerateSegment"/>: one AI segment's text.</summary>
public sealed record GenerateSegmentInput(BuildRef Build, string SegmentId, string Text, double LoudnessLufs);

/// <summary>Key and duration of one generated segment.</summary>
public sealed record GenerateSegmentOutput(string SegmentId, string SegmentKey, double DurationSeconds);
