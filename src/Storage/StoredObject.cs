namespace EpisodeBuilder.Storage;

/// <summary>What the product needs to know about a stored object (never its bytes).</summary>
public sealed record StoredObject(string Key, long Generation, long Size, string ContentType, string? Crc32c);

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
