using EpisodeBuilder.Media;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Wav;

namespace EpisodeBuilder.Storage;

/// <summary>
/// Reads a time range of a stored 16-bit PCM WAV with two ranged reads (its header, then the bytes of the range), so a
/// step that needs two minutes of an hour-long file moves two minutes of audio, not the hour.
/// </summary>
public static class StoredWav
{
    /// <summary>Enough of the start of a file for the product's WAV headers (FFmpeg writes a 78-byte one).</summary>
    private const int HeaderProbeBytes = 4096;

    /// <summary>Writes <paramref name="range"/> of the stored WAV to a local WAV file and returns where it really starts (frame-aligned), in seconds.</summary>
    public static async Task<double> DownloadRangeAsync(ObjectStore store, string key, TimeRange range, string path, CancellationToken cancellationToken)
    {
        var layout = await ReadLayoutAsync(store, key, cancellationToken)
            ?? throw new InvalidMediaException($"'{key}' is not a 16-bit PCM WAV file");
        return await DownloadRangeAsync(store, key, layout, range, path, cancellationToken);
    }

    /// <summary>The layout of a stored file if it is a 16-bit PCM WAV (from one small ranged read), else null.</summary>
    public static async Task<WavLayout?> ReadLayoutAsync(ObjectStore store, string key, CancellationToken cancellationToken) =>
        await ReadLayoutAsync(store, await store.GetAsync(key, cancellationToken) ?? throw new ObjectNotFoundException(key), cancellationToken);

    /// <summary>The layout of an object whose metadata the caller already has, if it is a 16-bit PCM WAV, else null.</summary>
    public static async Task<WavLayout?> ReadLayoutAsync(ObjectStore store, StoredObject stored, CancellationToken cancellationToken)
    {
        var key = stored.Key;
        using var head = new MemoryStream();
        await store.DownloadRangeAsync(key, head, 0, Math.Min(HeaderProbeBytes, stored.Size), cancellationToken);
        head.Position = 0;
        try
        {
            return WavLayout.Read(head, stored.Size);
        }
        catch (InvalidMediaException)
        {
            return null;
        }
    }

    /// <summary>Writes <paramref name="range"/> of a stored WAV whose layout is known to a local WAV file; returns where it really starts.</summary>
    public static async Task<double> DownloadRangeAsync(ObjectStore store, string key, WavLayout layout, TimeRange range, string path, CancellationToken cancellationToken)
    {

        var first = layout.FrameAt(range.Start);
        var frames = layout.FrameAt(range.End) - first;
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        WavLayout.WriteHeader(file, layout.SampleRate, layout.Channels, frames * layout.BlockAlign);
        await store.DownloadRangeAsync(key, file, layout.ByteAt(first), frames * layout.BlockAlign, cancellationToken);
        return (double)first / layout.SampleRate;
    }
}
