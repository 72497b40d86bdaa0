namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>
/// What one decode of an upload found: the recording's figures, its silent stretches (below -40 dB) and its pauses
/// (below its own noise floor's threshold, <see cref="Wav.PauseDetector"/>).
/// </summary>
public sealed record DecodedRecording(AudioInfo Info, IReadOnlyList<TimeRange> Silences, IReadOnlyList<TimeRange> Pauses);
