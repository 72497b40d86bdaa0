namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>What one decode of an upload found: the recording's figures and its silent stretches.</summary>
public sealed record DecodedRecording(AudioInfo Info, IReadOnlyList<TimeRange> Silences);
