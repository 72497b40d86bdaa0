using System.Collections.Concurrent;

namespace EpisodeBuilder.GcsEmulator.Protocol;

/// <summary>
/// Counts the bytes the emulator has sent of each object (JSON API media downloads and XML API reads, ranges included),
/// so a test can prove a step read a range of a recording rather than all of it.
/// </summary>
public sealed class DownloadMeter
{
    private readonly ConcurrentDictionary<string, long> _sent = new(StringComparer.Ordinal);

    /// <summary>Bytes sent of <paramref name="name"/> in <paramref name="bucket"/> since the emulator started.</summary>
    public long BytesSent(string bucket, string name) => _sent.TryGetValue(bucket + "/" + name, out var sent) ? sent : 0;

    internal void Add(string bucket, string name, long bytes) => _sent.AddOrUpdate(bucket + "/" + name, bytes, (_, total) => total + bytes);
}
