using System.Globalization;

namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>
/// What to apply, in the pass that writes the result, to bring measured audio to a loudness target: a linear gain, and a
/// peak limiter when the gain would push the true peak over the ceiling (the gain is then the one found to land the
/// limited audio on the target, see <see cref="LoudnessProcessor.PlanAsync"/>).
/// </summary>
public sealed record LoudnessAdjustment(double GainDb, double? LimitDb, int Trials)
{
    /// <summary>The FFmpeg filter chain: <c>volume</c>, then <c>alimiter</c> (delay-compensated, no auto level) when limiting.</summary>
    public string Filter
    {
        get
        {
            var volume = string.Create(CultureInfo.InvariantCulture, $"volume={GainDb:0.###}dB");
            if (LimitDb is not { } limit)
            {
                return volume;
            }

            var linear = Math.Pow(10, limit / 20);
            return volume + string.Create(CultureInfo.InvariantCulture, $",alimiter=limit={linear:0.#####}:level=false:latency=true");
        }
    }
}
