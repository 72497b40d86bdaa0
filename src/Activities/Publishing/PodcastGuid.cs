using System.Security.Cryptography;
using System.Text;

namespace EpisodeBuilder.Activities.Publishing;

/// <summary>
/// Podcasting 2.0 GUIDs: name-based UUIDs (version 5, SHA-1, RFC 9562). A show's <c>podcast:guid</c> is the UUID of its
/// feed URL without the scheme and trailing slashes in the namespace the specification fixes, so anyone can recompute
/// it; an episode's item GUID is the UUID of its episode id in the show's GUID, so it stays the same however often the
/// episode is rebuilt and differs from every other show's.
/// </summary>
public static class PodcastGuid
{
    /// <summary>The namespace the Podcasting 2.0 specification fixes for <c>podcast:guid</c>.</summary>
    public static readonly Guid PodcastNamespace = new("ead4c236-bf58-58c6-a2c6-a6b28d128cb6");

    /// <summary>The <c>podcast:guid</c> of the show whose feed is at <paramref name="feedUrl"/>.</summary>
    public static Guid ForFeed(string feedUrl)
    {
        var name = feedUrl.Trim();
        var scheme = name.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            name = name[(scheme + 3)..];
        }

        return Version5(PodcastNamespace, name.TrimEnd('/'));
    }

    /// <summary>The item GUID of an episode of a show.</summary>
    public static Guid ForEpisode(Guid show, string episodeId) => Version5(show, episodeId);

    /// <summary>A version 5 UUID of <paramref name="name"/> (UTF-8) in <paramref name="namespaceId"/>.</summary>
    public static Guid Version5(Guid namespaceId, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // RFC 9562 defines version 5 with SHA-1; it names things, it secures nothing.
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
