namespace EpisodeBuilder.GcsEmulator.Access;

/// <summary>
/// The OAuth scopes with which a token may use Cloud Storage: <c>cloud-platform</c> and
/// <c>devstorage.full_control</c>/<c>read_write</c> for anything, the read-only ones only to read.
/// </summary>
internal static class StorageScopes
{
    private const string Prefix = "https://www.googleapis.com/auth/";

    private static readonly HashSet<string> Full = new(StringComparer.Ordinal)
    {
        Prefix + "cloud-platform",
        Prefix + "devstorage.full_control",
        Prefix + "devstorage.read_write",
    };

    private static readonly HashSet<string> ReadOnly = new(StringComparer.Ordinal)
    {
        Prefix + "cloud-platform.read-only",
        Prefix + "devstorage.read_only",
    };

    public static bool Permit(IEnumerable<string> scopes, bool read) =>
        scopes.Any(s => Full.Contains(s) || (read && ReadOnly.Contains(s)));
}
