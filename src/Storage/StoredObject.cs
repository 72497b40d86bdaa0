namespace EpisodeBuilder.Storage;

/// <summary>
/// What the product needs to know about a stored object (never its bytes). <c>Md5</c> is the base64 MD5 GCS keeps for an
/// object uploaded whole; null for a composite object.
/// </summary>
public sealed record StoredObject(string Key, long Generation, long Size, string ContentType, string? Crc32c, string? Md5 = null)
{
    /// <summary>
    /// What identifies the object's bytes without reading them: its MD5 and size, or where GCS keeps no MD5 (composite
    /// objects), its CRC32C and size.
    /// </summary>
    public string ContentHash => Md5 is { } md5 ? $"md5:{md5}:{Size}" : $"crc32c:{Crc32c}:{Size}";
}

/// <summary>
/// The generation precondition of a write: overwrite whatever is there, create only if absent, or replace only
/// the generation the caller read (compare-and-swap).
/// </summary>
public sealed record WriteCondition(long? IfGenerationMatch)
{
    public static WriteCondition Overwrite { get; } = new((long?)null);

    public static WriteCondition CreateOnly { get; } = new(0);

    public static WriteCondition IfGeneration(long generation) => new(generation);
}
