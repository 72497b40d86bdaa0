using System.Globalization;

namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>Formats numbers for FFmpeg arguments and filter graphs (invariant culture, fixed precision).</summary>
internal static class AudioFormat
{
    public static string Seconds(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
