namespace EpisodeBuilder.GcsEmulator.Identity;

/// <summary>
/// Who may act as which service account through IAM Credentials (<c>generateAccessToken</c>, <c>signBlob</c>): an
/// account may always act as itself; with no rules configured any principal holding an emulator-issued token may act
/// as any trusted account; once rules are configured, only the principals listed for an account (or <c>*</c>) may.
/// </summary>
internal sealed class ImpersonationPolicy
{
    private readonly Dictionary<string, HashSet<string>> _rules;

    public ImpersonationPolicy(IDictionary<string, IList<string>> rules)
    {
        _rules = rules.ToDictionary(r => r.Key, r => r.Value.ToHashSet(StringComparer.Ordinal), StringComparer.OrdinalIgnoreCase);
    }

    public bool MayActAs(string principal, string serviceAccountEmail)
    {
        if (string.Equals(principal, serviceAccountEmail, StringComparison.OrdinalIgnoreCase) || _rules.Count == 0)
        {
            return true;
        }

        return _rules.TryGetValue(serviceAccountEmail, out var allowed) && (allowed.Contains(principal) || allowed.Contains("*"));
    }
}
