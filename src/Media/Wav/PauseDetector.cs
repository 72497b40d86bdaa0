using EpisodeBuilder.Media.Ffmpeg;

namespace EpisodeBuilder.Media.Wav;

/// <summary>
/// Finds the pauses between phrases in a 16-bit PCM WAV relative to the recording's own noise floor, so they are found
/// under room noise or a music bed where a fixed threshold (FFmpeg's <c>silencedetect</c> at -40 dB) hears none. Each
/// 10 ms frame's level is compared with a threshold set between the floor (the 10th percentile of frame levels) and
/// the speech (the 95th); runs below it of at least the minimum length are pauses, after frames above it for less than
/// <see cref="BlipSeconds"/> (a click, a beat of the music) are absorbed into the quiet around them. Streams the file
/// in blocks: an hour at 16 kHz holds 360,000 frame levels.
/// </summary>
public static class PauseDetector
{
    public const double FrameSeconds = 0.01;

    /// <summary>Louder stretches shorter than this inside quiet do not end a pause.</summary>
    public const double BlipSeconds = 0.08;

    /// <summary>The quietest level the floor is taken to be, so digital silence does not set the threshold at minus infinity.</summary>
    private const double LowestFloorDb = -70;

    /// <summary>How far above the floor the threshold sits: this share of the floor-to-speech range, at least <see cref="MinimumMarginDb"/>.</summary>
    private const double MarginShare = 0.3;

    private const double MinimumMarginDb = 6;

    public static IReadOnlyList<TimeRange> Detect(string wavPath, double minimumSeconds)
    {
        var levels = FrameLevels(wavPath);
        if (levels.Count == 0)
        {
            return [];
        }

        var sorted = levels.Order().ToArray();
        var floor = Math.Max(LowestFloorDb, sorted[(int)(0.10 * (sorted.Length - 1))]);
        var loud = sorted[(int)(0.95 * (sorted.Length - 1))];
        var threshold = floor + Math.Max(MinimumMarginDb, MarginShare * (loud - floor));
        var quiet = levels.Select(l => l < threshold).ToArray();
        AbsorbBlips(quiet, (int)Math.Round(BlipSeconds / FrameSeconds));

        var pauses = new List<TimeRange>();
        var start = -1;
        for (var i = 0; i <= quiet.Length; i++)
        {
            if (i < quiet.Length && quiet[i])
            {
                start = start < 0 ? i : start;
                continue;
            }

            if (start >= 0 && (i - start) * FrameSeconds >= minimumSeconds)
            {
                pauses.Add(new TimeRange(Math.Round(start * FrameSeconds, 3), Math.Round(i * FrameSeconds, 3)));
            }

            start = -1;
        }

        return pauses;
    }

    /// <summary>Marks as quiet every loud run shorter than <paramref name="frames"/> that has quiet on both sides.</summary>
    private static void AbsorbBlips(bool[] quiet, int frames)
    {
        var i = 0;
        while (i < quiet.Length)
        {
            if (quiet[i])
            {
                i++;
                continue;
            }

            var end = i;
            while (end < quiet.Length && !quiet[end])
            {
                end++;
            }

            if (i > 0 && end < quiet.Length && end - i < frames)
            {
                Array.Fill(quiet, true, i, end - i);
            }

            i = end;
        }
    }

    /// <summary>The RMS level in dBFS of each 10 ms frame of the first channel.</summary>
    private static List<double> FrameLevels(string wavPath)
    {
        var layout = WavLayout.Read(wavPath);
        var frameSamples = (int)Math.Round(layout.SampleRate * FrameSeconds);
        var levels = new List<double>((int)(layout.Frames / frameSamples) + 1);
        using var stream = File.OpenRead(wavPath);
        stream.Position = layout.DataOffset;
        var block = new byte[layout.BlockAlign * frameSamples * 256];
        var remaining = layout.DataLength;
        double sum = 0;
        var count = 0;
        while (remaining > 0)
        {
            var read = stream.Read(block, 0, (int)Math.Min(block.Length, remaining));
            if (read <= 0)
            {
                break;
            }

            remaining -= read;
            for (var offset = 0; offset + 1 < read; offset += layout.BlockAlign)
            {
                double sample = (short)(block[offset] | (block[offset + 1] << 8)) / 32768.0;
                sum += sample * sample;
                if (++count == frameSamples)
                {
                    levels.Add(10 * Math.Log10((sum / count) + 1e-12));
                    (sum, count) = (0, 0);
                }
            }
        }

        return levels;
    }
}
