using EpisodeBuilder.Media.Ffmpeg.Arguments;
using FFMpegCore;

namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>Cover art as ffprobe read it: its format (<c>jpeg</c> or <c>png</c>), its size in pixels and in bytes.</summary>
public sealed record Artwork(string Format, int Width, int Height, long SizeBytes)
{
    /// <summary>The smallest side Apple Podcasts accepts, in pixels.</summary>
    public const int MinimumSide = 1400;

    /// <summary>The largest side Apple Podcasts accepts, in pixels.</summary>
    public const int MaximumSide = 3000;

    /// <summary>The file extension that names this format (Apple asks that it match the content).</summary>
    public string Extension => Format == "png" ? "png" : "jpg";

    public string ContentType => Format == "png" ? "image/png" : "image/jpeg";

    /// <summary>What keeps this art out of a podcast directory (not square, too small or large, too many bytes); null when nothing does.</summary>
    public string? Problem(long maxBytes) =>
        Width != Height ? $"must be square; it is {Width}×{Height} pixels"
        : Width < MinimumSide || Width > MaximumSide ? $"must be {MinimumSide} to {MaximumSide} pixels square; it is {Width}×{Height}"
        : SizeBytes > maxBytes ? $"must be at most {maxBytes:N0} bytes; it is {SizeBytes:N0}"
        : null;
}

/// <summary>
/// Reads cover art with ffprobe, allowed to read the file only as a JPEG or PNG still (<see cref="MediaInputs.ForImage"/>)
/// with the demuxer its first bytes call for: a podcaster's upload is identified by its bytes, never by its name or its
/// declared type.
/// </summary>
public sealed class ArtworkInspector(FfmpegRunner ffmpeg)
{
    public async Task<Artwork> InspectAsync(string path, CancellationToken cancellationToken)
    {
        var size = new FileInfo(path).Length;
        if (size == 0)
        {
            throw new InvalidMediaException("the image is empty (0 bytes)");
        }

        var demuxer = await DemuxerAsync(path, cancellationToken) ?? throw new InvalidMediaException("the file is not a JPEG or PNG image");
        IMediaAnalysis analysis;
        try
        {
            analysis = await FFProbe.AnalyseAsync(path, ffmpeg.FFOptions(), cancellationToken: cancellationToken, customArguments: $"{MediaInputs.ForImage().Text} -f {demuxer}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidMediaException("the file is not a JPEG or PNG image");
        }

        var picture = analysis.PrimaryVideoStream;
        var format = picture?.CodecName switch
        {
            "mjpeg" => "jpeg",
            "png" => "png",
            _ => null,
        };
        if (picture is null || format is null || analysis.VideoStreams.Count != 1 || analysis.AudioStreams.Count != 0)
        {
            throw new InvalidMediaException("the file is not a JPEG or PNG image");
        }

        return new Artwork(format, picture.Width ?? 0, picture.Height ?? 0, size);
    }

    /// <summary>The demuxer for a still by its signature (PNG's eight bytes, JPEG's start of image); null for anything else.</summary>
    public static async Task<string?> DemuxerAsync(string path, CancellationToken cancellationToken)
    {
        var head = new byte[8];
        await using var file = File.OpenRead(path);
        var read = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        return read >= 8 && head.AsSpan().SequenceEqual((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "png_pipe"
            : read >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF ? "jpeg_pipe"
            : null;
    }
}
