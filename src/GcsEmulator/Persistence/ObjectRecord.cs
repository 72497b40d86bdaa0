namespace EpisodeBuilder.GcsEmulator.Persistence;

/// <summary>One stored object generation: its metadata and the file that holds its bytes.</summary>
public sealed record ObjectRecord(
    string Bucket,
    string Name,
    long Generation,
    long Metageneration,
    string ContentType,
    long Size,
    string Md5Hash,
    string Crc32c,
    DateTimeOffset TimeCreated,
    DateTimeOffset Updated,
    IReadOnlyDictionary<string, string>? Metadata,
    string ContentFile,
    string? CacheControl = null,
    DateTimeOffset? CustomTime = null);
