using EpisodeBuilder.Media.Wav;

namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>
/// How loud a music bed plays: <paramref name="LevelDb"/> (its gain in the pauses, against the bed file as it is) and
/// <paramref name="DuckDb"/> (how much further down it goes while someone speaks).
/// </summary>
public sealed record BedLevels(double LevelDb = BedLevels.DefaultLevelDb, double DuckDb = BedLevels.DefaultDuckDb)
{
    public const double DefaultLevelDb = -22;

    public const double DefaultDuckDb = 12;
}

/// <summary>
/// The gain a music bed gets over the episode, planned from where the episode's foreground (voice, intro, segments) is
/// heard: every 10 ms, <see cref="BedLevels.LevelDb"/> in the pauses and <see cref="BedLevels.DuckDb"/> below it under
/// sound, going down over <see cref="DuckAheadSeconds"/> before the sound starts (planned, so it is down when the first
/// word comes) and back up over <see cref="ReleaseSeconds"/> after it ends; a gap shorter than <see cref="HoldSeconds"/>
/// keeps it down (no pumping between phrases). It fades in over <see cref="FadeInSeconds"/> and out over
/// <see cref="FadeOutSeconds"/>. Written as a 100 Hz WAV that the merge resamples and multiplies the bed by.
/// </summary>
public static class BedEnvelope
{
    public const int FramesPerSecond = 100;

    public const double DuckAheadSeconds = 0.2;

    public const double ReleaseSeconds = 0.6;

    public const double HoldSeconds = 1.0;

    public const double FadeInSeconds = 2;

    public const double FadeOutSeconds = 3;

    /// <summary>The linear gain of each 10 ms frame of <paramref name="totalSeconds"/>, given the foreground's <paramref name="pauses"/>.</summary>
    public static float[] Gains(IReadOnlyList<TimeRange> pauses, double totalSeconds, BedLevels levels)
    {
        var frames = Math.Max(1, (int)Math.Ceiling(totalSeconds * FramesPerSecond));
        var ducked = new double[frames];
        foreach (var sound in Sounds(pauses, totalSeconds))
        {
            for (var i = Math.Max(0, Frame(sound.Start - DuckAheadSeconds)); i < Math.Min(frames, Frame(sound.End + ReleaseSeconds) + 1); i++)
            {
                var t = (double)i / FramesPerSecond;
                var depth = t < sound.Start ? 1 - ((sound.Start - t) / DuckAheadSeconds)
                    : t <= sound.End ? 1
                    : 1 - ((t - sound.End) / ReleaseSeconds);
                ducked[i] = Math.Max(ducked[i], Math.Clamp(depth, 0, 1));
            }
        }

        var gains = new float[frames];
        for (var i = 0; i < frames; i++)
        {
            var t = (double)i / FramesPerSecond;
            var fade = Math.Clamp(Math.Min(t / FadeInSeconds, (totalSeconds - t) / FadeOutSeconds), 0, 1);
            gains[i] = (float)(fade * Math.Pow(10, (levels.LevelDb - (levels.DuckDb * ducked[i])) / 20));
        }

        return gains;
    }

    /// <summary>Writes gains (each at most 1) as a mono 16-bit WAV of <see cref="FramesPerSecond"/> samples a second.</summary>
    public static void Write(float[] gains, string path)
    {
        using var file = File.Create(path);
        WavLayout.WriteHeader(file, FramesPerSecond, 1, gains.Length * 2L);
        var samples = new byte[gains.Length * 2];
        for (var i = 0; i < gains.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(samples.AsSpan(i * 2), (short)Math.Round(Math.Clamp(gains[i], 0, 1) * short.MaxValue));
        }

        file.Write(samples);
    }

    /// <summary>Where the foreground sounds: between pauses at least <see cref="HoldSeconds"/> long.</summary>
    private static List<TimeRange> Sounds(IReadOnlyList<TimeRange> pauses, double totalSeconds)
    {
        var sounds = new List<TimeRange>();
        var from = 0.0;
        foreach (var pause in pauses.Where(p => p.Duration >= HoldSeconds).OrderBy(p => p.Start))
        {
            if (pause.Start > from)
            {
                sounds.Add(new TimeRange(from, pause.Start));
            }

            from = Math.Max(from, pause.End);
        }

        if (totalSeconds > from)
        {
            sounds.Add(new TimeRange(from, totalSeconds));
        }

        return sounds;
    }

    private static int Frame(double seconds) => (int)Math.Floor(seconds * FramesPerSecond);
}
