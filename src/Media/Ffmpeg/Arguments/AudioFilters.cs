using System.Globalization;

namespace EpisodeBuilder.Media.Ffmpeg.Arguments;

/// <summary>The audio filters the product runs, each built from typed values.</summary>
public static class AudioFilters
{
    /// <summary><c>aresample=R</c>: to <paramref name="sampleRate"/> Hz.</summary>
    public static Filter Resample(int sampleRate) => Filter.Of("aresample", (string.Empty, Integer(sampleRate)));

    /// <summary><c>aformat</c>: 16-bit mono, the working format's samples.</summary>
    public static Filter MonoS16() => Filter.Of("aformat", ("sample_fmts", "s16"), ("channel_layouts", "mono"));

    /// <summary><c>asplit=N</c>: the same audio to <paramref name="outputs"/> pads.</summary>
    public static Filter Split(int outputs) => Filter.Of("asplit", (string.Empty, Integer(outputs)));

    /// <summary><c>concat</c> of <paramref name="parts"/> audio-only parts, one after the other.</summary>
    public static Filter Concat(int parts) => Filter.Of("concat", ("n", Integer(parts)), ("v", "0"), ("a", "1"));

    /// <summary><c>volume=XdB</c>: a gain in decibels.</summary>
    public static Filter Volume(double decibels) => Filter.Of("volume", (string.Empty, AudioFormat.Number(decibels) + "dB"));

    /// <summary><c>alimiter</c> at a linear <paramref name="limit"/>, delay-compensated, no automatic level.</summary>
    public static Filter Limiter(double limit) =>
        Filter.Of("alimiter", ("limit", limit.ToString("0.#####", CultureInfo.InvariantCulture)), ("level", "false"), ("latency", "true"));

    /// <summary><c>afade</c> out from <paramref name="start"/> over <paramref name="seconds"/>.</summary>
    public static Filter FadeOut(double start, double seconds) =>
        Filter.Of("afade", ("t", "out"), ("st", AudioFormat.Seconds(start)), ("d", AudioFormat.Seconds(seconds)));

    /// <summary><c>aformat=sample_fmts=flt:channel_layouts=L</c>: 32-bit float, what <see cref="Multiply"/> takes.</summary>
    public static Filter FloatSamples(int channels) => Filter.Of("aformat", ("sample_fmts", "flt"), ("channel_layouts", Layout(channels)));

    /// <summary>
    /// <c>aformat=sample_fmts=s16:channel_layouts=L</c>: mono or stereo 16-bit; a mono part made stereo plays the same in
    /// both channels (centred), a stereo one made mono is their mean.
    /// </summary>
    public static Filter S16(int channels) => Filter.Of("aformat", ("sample_fmts", "s16"), ("channel_layouts", Layout(channels)));

    /// <summary><c>pan=stereo|c0=c0|c1=c0</c> for two channels: a mono signal copied at unity gain into both (a gain envelope); nothing for one.</summary>
    public static IEnumerable<Filter> CopyToChannels(int channels) => channels >= 2 ? [Filter.Of("pan", (string.Empty, "stereo|c0=c0|c1=c0"))] : [];

    private static string Layout(int channels) => channels >= 2 ? "stereo" : "mono";

    /// <summary><c>amultiply</c>: the first input's samples times the second's (a gain envelope), as long as the shorter.</summary>
    public static Filter Multiply() => Filter.Of("amultiply");

    /// <summary><c>amix</c> of two inputs, as long as the first, without renormalising (the bed's gain is set before it).</summary>
    public static Filter MixUnderFirst() =>
        Filter.Of("amix", ("inputs", "2"), ("duration", "first"), ("dropout_transition", "0"), ("normalize", "0"));

    /// <summary><c>atrim</c> from <paramref name="start"/> to <paramref name="end"/> seconds.</summary>
    public static Filter Trim(double start, double end) => Filter.Of("atrim", ("start", AudioFormat.Seconds(start)), ("end", AudioFormat.Seconds(end)));

    /// <summary><c>asetpts=PTS-STARTPTS</c>: timestamps start again at zero (after a trim).</summary>
    public static Filter RestartTimestamps() => Filter.Of("asetpts", (string.Empty, "PTS-STARTPTS"));

    /// <summary>
    /// <c>ebur128</c>, the EBU R 128 meter, logging every frame; with <paramref name="truePeak"/> also the true peak (4×
    /// oversampling).
    /// </summary>
    public static Filter LoudnessMeter(bool truePeak) =>
        truePeak ? Filter.Of("ebur128", ("peak", "true"), ("framelog", "verbose")) : Filter.Of("ebur128", ("framelog", "verbose"));

    /// <summary><c>silencedetect</c>: logs each stretch under <paramref name="noiseDb"/> for at least <paramref name="minimumSeconds"/>.</summary>
    public static Filter SilenceDetect(double noiseDb, double minimumSeconds) =>
        Filter.Of("silencedetect", ("noise", noiseDb.ToString(CultureInfo.InvariantCulture) + "dB"), ("d", minimumSeconds.ToString(CultureInfo.InvariantCulture)));

    private static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);
}
