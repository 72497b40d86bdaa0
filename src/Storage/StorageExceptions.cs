namespace EpisodeBuilder.Storage;

/// <summary>The object does not exist. Retrying cannot help.</summary>
public sealed class ObjectNotFoundException(string key)
    : Exception($"Object '{key}' does not exist.")
{
    public string Key { get; } = key;
}

/// <summary>
/// A conditional write lost: the object changed (or appeared) since the caller read it. The caller re-reads and
/// tries again (read-modify-write) or treats the existing object as the result (create-only).
/// </summary>
public sealed class WriteConflictException(string key, string detail)
    : Exception($"Conditional write to '{key}' failed: {detail}")
{
    public string Key { get; } = key;
}

/// <summary>Downloaded bytes do not match the object's stored hash: a corrupted transfer or object.</summary>
public sealed class ObjectIntegrityException(string key, Exception inner)
    : Exception($"Object '{key}' failed its integrity check (CRC32C/MD5 mismatch): {inner.Message}", inner)
{
    public string Key { get; } = key;
}

/// <summary>Storage was unavailable (throttling, a server error, a dropped connection). Retrying can help.</summary>
public sealed class TransientStorageException(string message, Exception inner) : Exception(message, inner);
