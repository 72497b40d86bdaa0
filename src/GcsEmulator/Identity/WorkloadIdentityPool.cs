namespace EpisodeBuilder.GcsEmulator.Identity;

/// <summary>
/// The workload identity pool provider the STS accepts as <c>audience</c>
/// (<c>//iam.googleapis.com/projects/{n}/locations/global/workloadIdentityPools/{pool}/providers/{provider}</c>)
/// and the principal it names a federated subject by.
/// </summary>
internal sealed class WorkloadIdentityPool
{
    private const string Prefix = "//iam.googleapis.com/";

    private WorkloadIdentityPool(string provider, string poolResource, IReadOnlyCollection<string> allowedAudiences)
    {
        Provider = provider;
        PoolResource = poolResource;
        AllowedAudiences = allowedAudiences;
    }

    /// <summary>The provider's full name, which the STS request's <c>audience</c> must equal.</summary>
    public string Provider { get; }

    /// <summary><c>projects/{n}/locations/global/workloadIdentityPools/{pool}</c>.</summary>
    public string PoolResource { get; }

    /// <summary>The subject token <c>aud</c> values accepted; empty accepts any.</summary>
    public IReadOnlyCollection<string> AllowedAudiences { get; }

    /// <summary>Reads the provider from its option; throws naming the setting when it has another shape.</summary>
    public static WorkloadIdentityPool From(string provider, IEnumerable<string> allowedAudiences)
    {
        var parts = provider.StartsWith(Prefix, StringComparison.Ordinal) ? provider[Prefix.Length..].Split('/') : [];
        if (parts is not ["projects", { Length: > 0 }, "locations", "global", "workloadIdentityPools", { Length: > 0 }, "providers", { Length: > 0 }])
        {
            throw new ArgumentException(
                $"{nameof(GcsEmulatorOptions)}.{nameof(GcsEmulatorOptions.WorkloadIdentityProvider)} must look like " +
                $"'//iam.googleapis.com/projects/0/locations/global/workloadIdentityPools/POOL/providers/PROVIDER', not '{provider}'.",
                nameof(provider));
        }

        return new WorkloadIdentityPool(provider, string.Join('/', parts[..6]), allowedAudiences.ToArray());
    }

    /// <summary>The principal an STS token for <paramref name="subject"/> speaks for, as IAM policies name it.</summary>
    public string PrincipalOf(string subject) => $"principal://iam.googleapis.com/{PoolResource}/subject/{subject}";

    public bool Allows(IReadOnlyList<string> audiences) => AllowedAudiences.Count == 0 || audiences.Any(AllowedAudiences.Contains);
}
