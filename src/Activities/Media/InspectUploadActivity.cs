using EpisodeBuilder.Activities.Builds;

namespace EpisodeBuilder.Activities.Media;

/// <summary>Input of <see cref="ActivityNames.InspectUpload"/>: the uploaded recording to check.</summary>
public sealed record InspectUploadInput(BuildRef Build, string RecordingKey);

/// <summary>What the upload turned out to be, and the key of its lossless working copy.</summary>
public sealed record InspectUploadOutput(
    string AudioKey,
    double DurationSeconds,
    string Format,
    string Codec,
    int SampleRate,
    int Channels);
