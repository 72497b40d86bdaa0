using System.Collections.Concurrent;
using FFMpegCore;
using FFMpegCore.Exceptions;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>
/// Runs FFmpeg invocations built with FFMpegCore: the binary folder comes from <see cref="MediaOptions"/> on every
/// call (never FFMpegCore's process-wide options), cancellation kills the process, and a failure carries the
/// tail of FFmpeg's own error output.
/// </summary>
public sealed partial class FfmpegRunner(IOptions<MediaOptions> options)
{
    public FFOptions FFOptions(string? workingDirectory = null) => new()
    {
        BinaryFolder = options.Value.FfmpegFolder,
        TemporaryFilesFolder = workingDirectory ?? Path.GetTempPath(),
    };

    /// <summary>Runs the invocation and returns FFmpeg's standard error (filters such as loudnorm report there).</summary>
    public async Task<IReadOnlyList<string>> RunAsync(FFMpegArgumentProcessor processor, string operation, CancellationToken cancellationToken, string? workingDirectory = null)
    {
        var errors = new ConcurrentQueue<string>();
        try
        {
            await processor
                .NotifyOnStandardError(errors.Enqueue)
                .CancellableThrough(cancellationToken)
                .ProcessAsynchronously(throwOnError: true, FFOptions(workingDirectory));
        }
        catch (Exception e) when (e is FFMpegException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // FFMpegCore's exception repeats the whole command line and output, signed URLs and all: only the
            // redacted tail goes on (and the exception's type, for a tool that would not start).
            throw new MediaProcessingException($"{operation} failed: {Tail(errors)}", e is FFMpegException ? null : e);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return errors.ToArray();
    }

    /// <summary>
    /// The last lines of a tool's output, for an error message, with every URL's query removed: an input read through a
    /// signed URL appears there, and its signature must reach no response and no log.
    /// </summary>
    public static string Tail(IEnumerable<string> lines) =>
        UrlQuery().Replace(string.Join(" | ", lines.Where(l => !string.IsNullOrWhiteSpace(l)).TakeLast(6)), "$1?(query removed)");

    [System.Text.RegularExpressions.GeneratedRegex(@"(https?://[^\s?'""]+)\?[^\s'"":]*")]
    private static partial System.Text.RegularExpressions.Regex UrlQuery();
}
