using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace EpisodeBuilder.Activities.Contract;

/// <summary>
/// The most a podcaster may hand the product (section <c>Limits</c>): checked where an input first arrives (the signed
/// upload URL, the build request) and again by the step that reads it, before any heavy work.
/// </summary>
public sealed class InputLimits
{
    public const string SectionName = "Limits";

    /// <summary>
    /// Largest upload in bytes (<c>Limits:MaxUploadBytes</c>): signed into every upload URL as
    /// <c>x-goog-content-length-range</c>, so GCS refuses a larger PUT, and checked again when a build starts. The default,
    /// 4 GiB, holds four hours of 48 kHz stereo 16-bit WAV (about 2.8 GB) and is WAV's own ceiling.
    /// </summary>
    [Range(1024L, 5L * 1024 * 1024 * 1024 * 1024, ErrorMessage = "Limits:MaxUploadBytes must be between 1 KiB and 5 TiB (GCS's largest object).")]
    public long MaxUploadBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Largest supplied transcript in bytes (<c>Limits:MaxTranscriptBytes</c>; default 16 MiB, far above four hours of timed words).</summary>
    [Range(1024L, 1024L * 1024 * 1024, ErrorMessage = "Limits:MaxTranscriptBytes must be between 1 KiB and 1 GiB.")]
    public long MaxTranscriptBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Longest recording a build accepts (<c>Limits:MaxRecordingDuration</c>; default 4 hours), refused from its header before it is decoded.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Limits:MaxRecordingDuration must be between 1 s and 24 h.")]
    public TimeSpan MaxRecordingDuration { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Largest cover art in bytes (<c>Limits:MaxImageBytes</c>; default 2 MiB: a 3000-pixel JPEG is well under it).</summary>
    [Range(1024L, 64L * 1024 * 1024, ErrorMessage = "Limits:MaxImageBytes must be between 1 KiB and 64 MiB.")]
    public long MaxImageBytes { get; set; } = 2L * 1024 * 1024;

    /// <summary>The size limit for an upload of <paramref name="contentType"/>: transcripts are JSON, art an image, everything else audio.</summary>
    public long MaxBytesFor(string contentType) => contentType switch
    {
        "application/json" => MaxTranscriptBytes,
        "image/png" or "image/jpeg" => MaxImageBytes,
        _ => MaxUploadBytes,
    };

    /// <summary>A byte count as people read it (<c>16 MiB</c>, <c>4 GiB</c>, <c>1,500 bytes</c>).</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30} GiB",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20} MiB",
        >= 1L << 10 when bytes % (1L << 10) == 0 => $"{bytes >> 10} KiB",
        _ => bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes",
    };
}
