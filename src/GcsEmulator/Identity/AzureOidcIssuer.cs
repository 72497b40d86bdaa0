using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace EpisodeBuilder.GcsEmulator.Identity;

/// <summary>
/// A stand-in for Azure's token issuer (Entra ID): an OIDC issuer at <c>{base}_azure/oidc</c> (the HTTPS base when the
/// emulator serves HTTPS) with an RSA key made at start, publishing its discovery document and JWKS. It signs standard
/// RS256 JWTs (with <c>kid</c>) for the managed identity endpoint, the sign-in and tests, and checks the ones the STS is
/// given as subject tokens.
/// </summary>
internal sealed class AzureOidcIssuer : IDisposable
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);
    private readonly RSA _key = RSA.Create(2048);
    private readonly Func<Uri> _baseUri;
    private readonly TimeProvider _time;

    public AzureOidcIssuer(Func<Uri> baseUri, TimeProvider time)
    {
        _baseUri = baseUri;
        _time = time;
        var modulus = _key.ExportParameters(false).Modulus!;
        KeyId = Convert.ToHexStringLower(SHA256.HashData(modulus))[..16];
    }

    public string KeyId { get; }

    /// <summary>The <c>iss</c> of every token minted here, e.g. <c>http://127.0.0.1:4443/_azure/oidc</c>.</summary>
    public string IssuerUrl => _baseUri() + "_azure/oidc";

    /// <summary>
    /// Signs a token for <paramref name="subject"/> and <paramref name="audience"/>; a negative lifetime makes one that
    /// has already expired. Extra claims are written last, so they may replace standard ones (for negative tests).
    /// </summary>
    public string Mint(string subject, string audience, TimeSpan lifetime, JsonObject? extraClaims = null)
    {
        var now = _time.GetUtcNow();
        var expires = now + lifetime;
        var issued = lifetime > TimeSpan.Zero ? now : expires - TimeSpan.FromHours(1);
        var payload = new JsonObject
        {
            ["iss"] = IssuerUrl,
            ["sub"] = subject,
            ["aud"] = audience,
            ["iat"] = issued.ToUnixTimeSeconds(),
            ["nbf"] = issued.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
        };
        foreach (var (name, value) in extraClaims ?? [])
        {
            payload[name] = value?.DeepClone();
        }

        return CompactJwt.Sign(payload, KeyId, data => _key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    /// <summary>Checks a token minted here: signature, key id, issuer and lifetime. Null when valid, else why not.</summary>
    public string? Check(CompactJwt jwt)
    {
        if (jwt.Algorithm != "RS256")
        {
            return $"The subject token must be signed with RS256, not '{jwt.Algorithm}'.";
        }

        if (jwt.KeyId != KeyId || !_key.VerifyData(jwt.SigningInput, jwt.Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return $"The subject token's signature does not verify with the issuer's key (kid '{KeyId}').";
        }

        if (jwt.Issuer != IssuerUrl)
        {
            return $"The subject token's issuer '{jwt.Issuer}' is not the trusted issuer '{IssuerUrl}'.";
        }

        var now = _time.GetUtcNow();
        if (jwt.ExpiresAt is not { } expires)
        {
            return "The subject token has no 'exp' claim.";
        }

        if (expires <= now)
        {
            return $"The subject token expired at {expires:O}.";
        }

        if (jwt.NotBefore is { } notBefore && notBefore > now + ClockSkew)
        {
            return $"The subject token is not valid before {notBefore:O}.";
        }

        return string.IsNullOrEmpty(jwt.Subject) ? "The subject token has no 'sub' claim." : null;
    }

    /// <summary>
    /// The discovery document: keys, and the sign-in endpoints <see cref="EntraSignInHandler"/> serves. MSAL.js reads it at
    /// <c>{issuer}/v2.0/.well-known/openid-configuration</c> (Entra's layout), JwtBearer at <c>{issuer}/.well-known/…</c>.
    /// </summary>
    public object Discovery() => new Dictionary<string, object>
    {
        ["issuer"] = IssuerUrl,
        ["jwks_uri"] = IssuerUrl + "/keys",
        ["authorization_endpoint"] = IssuerUrl + "/authorize",
        ["token_endpoint"] = IssuerUrl + "/token",
        ["end_session_endpoint"] = IssuerUrl + "/logout",
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["response_types_supported"] = new[] { "code", "id_token" },
        ["response_modes_supported"] = new[] { "query", "fragment" },
        ["grant_types_supported"] = new[] { "authorization_code", "refresh_token" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["scopes_supported"] = new[] { "openid", "profile", "email", "offline_access" },
        ["subject_types_supported"] = new[] { "public" },
        ["token_endpoint_auth_methods_supported"] = new[] { "none" },
        ["claims_supported"] = new[] { "iss", "sub", "aud", "exp", "iat", "nbf", "oid", "tid", "name", "preferred_username", "nonce", "scp", "roles" },
    };

    public object Jwks()
    {
        var parameters = _key.ExportParameters(false);
        return new
        {
            keys = new[]
            {
                new
                {
                    kty = "RSA",
                    use = "sig",
                    alg = "RS256",
                    kid = KeyId,
                    n = Base64Url.EncodeToString(parameters.Modulus),
                    e = Base64Url.EncodeToString(parameters.Exponent),
                },
            },
        };
    }

    public void Dispose() => _key.Dispose();
}
