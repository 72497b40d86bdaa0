using EpisodeBuilder.Activities.Builds;

namespace EpisodeBuilder.Activities.Media;

/// <summary>Input of <see cref="ActivityNames.CleanAudio"/>: the working audio and the plan to apply.</summary>
public sealed record CleanAudioInput(BuildRef Build, string AudioKey, string PlanKey, double LoudnessLufs);

/// <summary>Key of the cleaned content and its measured duration and loudness.</summary>
public sealed record CleanAudioOutput(string CleanedKey, double DurationSeconds, double IntegratedLufs);
