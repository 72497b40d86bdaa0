namespace EpisodeBuilder.Storage;

/// <summary>A caller named a key that is malformed or outside their own prefix. Retrying cannot help.</summary>
public sealed class InvalidObjectKeyException(string key, string reason)
    : Exception($"Invalid object key '{Printable(key)}': {reason}.")
{
    public string Key { get; } = key;

    public string Reason { get; } = reason;

    private static string Printable(string key) =>
        new(key.Select(c => char.IsControl(c) ? '?' : c).Take(200).ToArray());
}
