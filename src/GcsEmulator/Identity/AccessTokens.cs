using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace EpisodeBuilder.GcsEmulator.Identity;

/// <summary>
/// The opaque bearer tokens this emulator issued (at <c>/token</c>, the STS, <c>generateAccessToken</c> and the
/// metadata server), each bound to the principal it speaks for and an expiry. Tests, and any later access control,
/// ask it whether a request was authenticated by one of them, and as whom.
/// </summary>
public sealed class AccessTokens(TimeProvider time)
{
    private const int SweepThreshold = 10_000;
    private readonly ConcurrentDictionary<string, AccessTokenGrant> _grants = new(StringComparer.Ordinal);

    /// <summary>The longest a token lives, whatever was asked (tests shorten it so clients refresh often); null: as asked.</summary>
    public TimeSpan? LongestLifetime { get; set; }

    /// <summary>Issues a token for <paramref name="principal"/>; a negative lifetime makes one already expired (for tests).</summary>
    public AccessTokenGrant Issue(string principal, TimeSpan lifetime, IReadOnlyList<string>? scopes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(principal);
        if (LongestLifetime is { } longest && lifetime > longest)
        {
            lifetime = longest;
        }

        if (_grants.Count > SweepThreshold)
        {
            Sweep();
        }

        var token = "ya29.emulator-" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var grant = new AccessTokenGrant(token, principal, scopes ?? [], time.GetUtcNow() + lifetime);
        _grants[token] = grant;
        return grant;
    }

    /// <summary>True when the header is <c>Bearer {token}</c> with a token issued here that has not expired.</summary>
    public bool TryValidate(string? authorizationHeader, [NotNullWhen(true)] out AccessTokenGrant? grant)
    {
        grant = Find(authorizationHeader, out _);
        return grant is not null;
    }

    /// <summary>The live grant behind an <c>Authorization</c> header, or null with the reason it was refused.</summary>
    internal AccessTokenGrant? Find(string? authorizationHeader, out string refusal)
    {
        const string scheme = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            refusal = "Request is missing required authentication credential. Expected OAuth 2 access token.";
            return null;
        }

        var token = authorizationHeader[scheme.Length..].Trim();
        if (!_grants.TryGetValue(token, out var grant))
        {
            refusal = "Request had invalid authentication credentials: the access token was not issued by this emulator.";
            return null;
        }

        if (grant.ExpiresAt <= time.GetUtcNow())
        {
            _grants.TryRemove(token, out _);
            refusal = $"Request had invalid authentication credentials: the access token expired at {grant.ExpiresAt:O}.";
            return null;
        }

        refusal = string.Empty;
        return grant;
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (token, grant) in _grants)
        {
            if (grant.ExpiresAt <= now)
            {
                _grants.TryRemove(token, out _);
            }
        }
    }
}

/// <summary>
/// One issued token: the principal is a service account's email, or <c>principal://iam.googleapis.com/…/subject/{sub}</c>
/// for a token the STS exchanged for a federated (Azure) identity.
/// </summary>
public sealed record AccessTokenGrant(string Token, string Principal, IReadOnlyList<string> Scopes, DateTimeOffset ExpiresAt)
{
    public int ExpiresInSeconds(TimeProvider time) => Math.Max(0, (int)(ExpiresAt - time.GetUtcNow()).TotalSeconds);
}
