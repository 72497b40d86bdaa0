namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>What an audio file turned out to be.</summary>
public sealed record AudioInfo(double DurationSeconds, string Format, string Codec, int SampleRate, int Channels, long SizeBytes);
