using EpisodeBuilder.Activities.Builds;

namespace EpisodeBuilder.Activities.Transcription;

/// <summary>Input of <see cref="ActivityNames.Transcribe"/>: the working audio, or a transcript to use instead.</summary>
public sealed record TranscribeInput(BuildRef Build, string AudioKey, string? SuppliedTranscriptKey);

/// <summary>Keys of the stored transcript (JSON words) and its WebVTT subtitles.</summary>
public sealed record TranscribeOutput(string TranscriptKey, string SubtitlesKey, int WordCount, string Engine);
