using EpisodeBuilder.Media.Ffmpeg.Arguments;

namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>
/// What to apply, in the pass that writes the result, to bring measured audio to a loudness target: a linear gain, and a
/// peak limiter when the gain would push the true peak over the ceiling (the gain is then the one found to land the
/// limited audio on the target, see <see cref="LoudnessProcessor.PlanAsync"/>).
/// </summary>
public sealed record LoudnessAdjustment(double GainDb, double? LimitDb, int Trials)
{
    /// <summary>The FFmpeg filter chain: <c>volume</c>, then <c>alimiter</c> (delay-compensated, no auto level) when limiting.</summary>
    public IReadOnlyList<Filter> Filters =>
        LimitDb is { } limit ? [AudioFilters.Volume(GainDb), AudioFilters.Limiter(Math.Pow(10, limit / 20))] : [AudioFilters.Volume(GainDb)];
}
