namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>Loudness of audio per EBU R 128 (FFmpeg's <c>ebur128</c> meter): integrated loudness, true peak, loudness range, gating threshold.</summary>
public sealed record Loudness(double IntegratedLufs, double TruePeakDb, double RangeLu, double ThresholdLufs)
{
    /// <summary>Integrated loudness below which audio counts as silent (R 128's absolute gate is -70 LUFS).</summary>
    public const double SilentBelowLufs = -69.9;

    public bool IsSilent => double.IsNaN(IntegratedLufs) || double.IsInfinity(IntegratedLufs) || IntegratedLufs <= SilentBelowLufs;
}
