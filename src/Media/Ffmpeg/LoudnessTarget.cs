namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>A loudness target: integrated loudness and the true-peak ceiling.</summary>
public sealed record LoudnessTarget(double IntegratedLufs, double TruePeakDb = LoudnessTarget.DefaultTruePeakDb)
{
    /// <summary>The convention's integrated loudness of a stereo episode (Apple's and most hosts' -16 LUFS).</summary>
    public const double StereoLufs = -16;

    /// <summary>The convention's integrated loudness of a mono episode: as loud to a listener as stereo at -16 (3 dB less).</summary>
    public const double MonoLufs = -19;

    /// <summary>The default target for an episode of <paramref name="channels"/> channels.</summary>
    public static double DefaultLufs(int channels) => channels >= 2 ? StereoLufs : MonoLufs;

    /// <summary>The podcast convention's true-peak ceiling.</summary>
    public const double DefaultTruePeakDb = -1.5;

    /// <summary>How close to the integrated target a limited result must land.</summary>
    public const double ToleranceLu = 0.3;

    /// <summary>Headroom kept under the ceiling for peaks between samples and from MP3 encoding, which a sample-peak limiter does not see.</summary>
    public const double LimiterMarginDb = 0.5;

    public double LimiterCeilingDb => TruePeakDb - LimiterMarginDb;
}
