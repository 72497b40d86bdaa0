using FFMpegCore;
using FFMpegCore.Arguments;

namespace EpisodeBuilder.Media.Ffmpeg.Arguments;

/// <summary>
/// <c>-protocol_whitelist P -format_whitelist D</c> on an input: FFmpeg may open it only through the protocols
/// <c>P</c> and read it only with the demuxers <c>D</c>. An upload is a podcaster's bytes under a name they chose: without
/// this, one that is really an HLS playlist (or an <c>ffconcat</c> list) makes FFmpeg read the files and URLs it lists,
/// another build's audio in this worker's temp directory included.
/// </summary>
public sealed class InputWhitelistArgument : IArgument
{
    internal InputWhitelistArgument(IReadOnlyList<string> protocols, IReadOnlyList<string> demuxers)
    {
        Protocols = protocols;
        Demuxers = demuxers;
    }

    /// <summary>The protocols FFmpeg may open for this input (and anything it refers to).</summary>
    public IReadOnlyList<string> Protocols { get; }

    /// <summary>The demuxers FFmpeg may read this input with.</summary>
    public IReadOnlyList<string> Demuxers { get; }

    public string Text => $"-protocol_whitelist {string.Join(',', Protocols)} -format_whitelist {string.Join(',', Demuxers)}";
}

/// <summary>
/// The only ways the product hands FFmpeg an input: a local file (protocol <c>file</c>) or a URL the product signed
/// itself (<c>https</c> with <c>tls</c> and <c>tcp</c>; plain <c>http</c> only for an emulator's URL), read with the
/// demuxers of the audio formats podcasters record in.
/// </summary>
public static class MediaInputs
{
    /// <summary>
    /// Demuxers for recordings: WAV (and Sony Wave64), MP3, FLAC, AAC (ADTS), MP4/M4A (<c>mov</c>), Ogg (Vorbis, Opus),
    /// Matroska/WebM, AIFF and Core Audio. Not HLS, DASH, concat, playlists or image and subtitle formats.
    /// </summary>
    public static IReadOnlyList<string> RecordingDemuxers { get; } = ["wav", "w64", "mp3", "flac", "aac", "mov", "ogg", "matroska", "aiff", "caf"];

    /// <summary>Demuxers for cover art: a JPEG or PNG still, recognised by its content.</summary>
    public static IReadOnlyList<string> ImageDemuxers { get; } = ["jpeg_pipe", "png_pipe"];

    /// <summary>The restriction for cover art (a local file): read only as a JPEG or PNG still.</summary>
    public static InputWhitelistArgument ForImage() => new(["file"], ImageDemuxers);

    /// <summary>The restriction for <paramref name="source"/>: a URL's scheme decides its protocols, anything else is a file.</summary>
    public static InputWhitelistArgument For(string source, params string[] extraDemuxers)
    {
        IReadOnlyList<string> demuxers = [.. RecordingDemuxers, .. extraDemuxers];
        return Url(source) is { } uri
            ? new InputWhitelistArgument(uri.Scheme == "https" ? ["https", "tls", "tcp"] : ["http", "tcp"], demuxers)
            : new InputWhitelistArgument(["file"], demuxers);
    }

    /// <summary><c>FFMpegArguments.FromFileInput</c> with the restriction <see cref="For"/> gives <paramref name="source"/>.</summary>
    public static FFMpegArguments From(string source, Action<FFMpegInputOptions>? options = null) =>
        FFMpegArguments.FromFileInput(source, verifyExists: Url(source) is null, o =>
        {
            o.WithArgument(For(source));
            options?.Invoke(o);
        });

    /// <summary>Another restricted input (see <see cref="From"/>).</summary>
    public static FFMpegArguments AndFrom(this FFMpegArguments arguments, string source, Action<FFMpegInputOptions>? options = null) =>
        arguments.AddFileInput(source, verifyExists: Url(source) is null, o =>
        {
            o.WithArgument(For(source));
            options?.Invoke(o);
        });

    /// <summary>The same restriction as arguments for ffprobe, which applies them to its one input.</summary>
    public static string ProbeArguments(string source) => For(source).Text;

    private static Uri? Url(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? uri : null;
}
