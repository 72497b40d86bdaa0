using System.Net;
using Microsoft.AspNetCore.Http;

namespace EpisodeBuilder.GcsEmulator.Identity;

/// <summary>
/// <c>POST /token</c>, Google's OAuth 2 token endpoint for service accounts: exchanges a JWT-bearer assertion signed
/// with a trusted service account's key for an access token, as <c>ServiceAccountCredential</c> asks at its key's
/// <c>token_uri</c>. Refusals are OAuth errors (<c>400 {error: "invalid_grant", error_description}</c>).
/// </summary>
internal sealed class OAuthTokenHandler(ServiceAccountKeys keys, AccessTokens tokens, TimeProvider time)
{
    public const string JwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /// <summary>The audience Google.Apis.Auth writes into every assertion, whatever the key's <c>token_uri</c>.</summary>
    public const string GoogleTokenAudience = "https://oauth2.googleapis.com/token";

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxAssertionLifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    public async Task HandleAsync(HttpContext context, Uri baseUri, CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType)
        {
            await IdentityResponses.OAuthErrorAsync(context, "invalid_request", "The request must be application/x-www-form-urlencoded.");
            return;
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        if (form["grant_type"].ToString() != JwtBearerGrant)
        {
            await IdentityResponses.OAuthErrorAsync(context, "unsupported_grant_type", $"Invalid grant_type: '{form["grant_type"]}'. Only {JwtBearerGrant} is supported.");
            return;
        }

        var assertion = CompactJwt.TryParse(form["assertion"].ToString());
        if (assertion is null)
        {
            await IdentityResponses.OAuthErrorAsync(context, "invalid_grant", "Invalid JWT: the assertion is not a compact JWS.");
            return;
        }

        if (Refusal(assertion, baseUri) is { } refusal)
        {
            await IdentityResponses.OAuthErrorAsync(context, "invalid_grant", refusal);
            return;
        }

        var scopes = (assertion.Claim("scope") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (scopes.Length == 0)
        {
            await IdentityResponses.OAuthErrorAsync(context, "invalid_scope", "Empty or missing scope not allowed.");
            return;
        }

        var grant = tokens.Issue(assertion.Issuer!, TokenLifetime, scopes);
        await IdentityResponses.JsonAsync(context, new
        {
            access_token = grant.Token,
            expires_in = grant.ExpiresInSeconds(time),
            token_type = "Bearer",
        });
    }

    private string? Refusal(CompactJwt assertion, Uri baseUri)
    {
        if (assertion.Algorithm != "RS256")
        {
            return $"Invalid JWT: the algorithm must be RS256, not '{assertion.Algorithm}'.";
        }

        if (assertion.Issuer is not { } issuer || !keys.TryGet(issuer, out var key))
        {
            return $"Invalid JWT: the issuer '{assertion.Issuer}' is not a service account this emulator trusts.";
        }

        if (!key.Verify(assertion.SigningInput, assertion.Signature))
        {
            return "Invalid JWT Signature.";
        }

        var ownTokenUrl = baseUri + "token";
        if (!assertion.Audiences.Any(a => a == ownTokenUrl || a == GoogleTokenAudience))
        {
            return $"Invalid JWT: the audience must be '{GoogleTokenAudience}' or '{ownTokenUrl}'.";
        }

        var now = time.GetUtcNow();
        if (assertion.ExpiresAt is not { } expires || assertion.IssuedAt is not { } issued)
        {
            return "Invalid JWT: the 'iat' and 'exp' claims are required.";
        }

        if (expires <= now)
        {
            return $"Invalid JWT: Token must be a short-lived token and in a reasonable timeframe. It expired at {expires:O}.";
        }

        if (issued > now + ClockSkew || expires - issued > MaxAssertionLifetime)
        {
            return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.";
        }

        if (assertion.Subject is { } subject && !string.Equals(subject, issuer, StringComparison.OrdinalIgnoreCase))
        {
            return "Domain-wide delegation ('sub' other than the service account) is not supported by this emulator.";
        }

        return null;
    }
}
