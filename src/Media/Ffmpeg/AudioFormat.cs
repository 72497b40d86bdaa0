using System.Globalization;

namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>Formats numbers for FFmpeg arguments and filter graphs (invariant culture, fixed precision).</summary>
internal static class AudioFormat
{
    public static string Seconds(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Output options for the lossless working format: mono 16-bit PCM WAV at the working rate.</summary>
    public static string WorkingWav(int sampleRate) => $"-c:a pcm_s16le -ar {sampleRate} -ac 1";
}
