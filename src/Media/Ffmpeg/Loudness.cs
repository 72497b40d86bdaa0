namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>EBU R128 measurements of a file: integrated loudness (LUFS), true peak (dBTP), loudness range (LU).</summary>
public sealed record Loudness(double IntegratedLufs, double TruePeakDb, double RangeLu, double ThresholdLufs, double TargetOffset);
