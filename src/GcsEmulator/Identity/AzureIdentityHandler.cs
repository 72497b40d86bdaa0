using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EpisodeBuilder.GcsEmulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace EpisodeBuilder.GcsEmulator.Identity;

/// <summary>
/// Azure's side of workload identity federation, enough to test it end to end: the issuer's discovery document and
/// JWKS under <c>/_azure/oidc/</c>, a mint endpoint for tests, and an App Service-style managed identity endpoint
/// (<c>GET /_azure/msi/token?resource=…&amp;api-version=2019-08-01</c> with <c>X-IDENTITY-HEADER</c>).
/// </summary>
internal sealed class AzureIdentityHandler(AzureOidcIssuer issuer, string managedIdentitySecret, string managedIdentityObjectId, TimeSpan managedIdentityTokenLifetime, TimeProvider time)
{
    private volatile string _secret = managedIdentitySecret;
    private int _issued;

    /// <summary>How many managed identity tokens the endpoint has given out.</summary>
    public int Issued => Volatile.Read(ref _issued);

    /// <summary>Replaces the identity secret, as the platform rotates <c>IDENTITY_HEADER</c>: the old value is refused from now on.</summary>
    public void Rotate(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _secret = secret;
    }

    /// <summary>The discovery document; any origin may read it, as Entra ID's (a page's MSAL.js fetches it).</summary>
    public Task DiscoveryAsync(HttpContext context)
    {
        context.Response.Headers.AccessControlAllowOrigin = "*";
        return IdentityResponses.JsonAsync(context, issuer.Discovery());
    }

    /// <summary>The signing keys; any origin may read them, as Entra ID's.</summary>
    public Task KeysAsync(HttpContext context)
    {
        context.Response.Headers.AccessControlAllowOrigin = "*";
        return IdentityResponses.JsonAsync(context, issuer.Jwks());
    }

    /// <summary><c>POST /_azure/oidc/mint {sub, aud, lifetimeSeconds?, extraClaims?}</c> → <c>{token}</c>.</summary>
    public async Task MintAsync(GcsRequest request, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync(cancellationToken);
        var subject = Text(body["sub"]);
        var audience = Text(body["aud"]);
        if (string.IsNullOrEmpty(subject) || string.IsNullOrEmpty(audience))
        {
            await IdentityResponses.OAuthErrorAsync(request.Context, "invalid_request", "Both 'sub' and 'aud' are required.");
            return;
        }

        var lifetime = TimeSpan.FromSeconds(body["lifetimeSeconds"] is JsonValue seconds && seconds.TryGetValue<double>(out var value) ? value : 3600);
        var token = issuer.Mint(subject, audience, lifetime, body["extraClaims"] as JsonObject);
        await IdentityResponses.JsonAsync(request.Context, new { token });
    }

    /// <summary>The managed identity's token for <c>resource</c>: a JWT with <c>aud</c> = resource and <c>sub</c> = <c>oid</c> = the identity's object id.</summary>
    public Task ManagedIdentityTokenAsync(GcsRequest request)
    {
        var context = request.Context;
        var presented = context.Request.Headers["X-IDENTITY-HEADER"].ToString();
        if (!SecretMatches(presented))
        {
            return IdentityResponses.OAuthErrorAsync(
                context,
                "unauthorized_client",
                presented.Length == 0 ? "The X-IDENTITY-HEADER header is required." : "The X-IDENTITY-HEADER header does not match the identity secret (ManagedIdentitySecret).",
                HttpStatusCode.Unauthorized);
        }

        if (request.QueryValue("api-version") != "2019-08-01")
        {
            return IdentityResponses.OAuthErrorAsync(context, "invalid_request", "api-version=2019-08-01 is required.");
        }

        var resource = request.QueryValue("resource");
        if (string.IsNullOrEmpty(resource))
        {
            return IdentityResponses.OAuthErrorAsync(context, "invalid_request", "The 'resource' query parameter is required.");
        }

        Interlocked.Increment(ref _issued);
        var token = issuer.Mint(managedIdentityObjectId, resource, managedIdentityTokenLifetime, new JsonObject
        {
            ["oid"] = managedIdentityObjectId,
            ["idtyp"] = "app",
        });
        var expiresOn = (time.GetUtcNow() + managedIdentityTokenLifetime).ToUnixTimeSeconds();
        return IdentityResponses.JsonAsync(context, new
        {
            access_token = token,
            expires_on = expiresOn.ToString(CultureInfo.InvariantCulture),
            resource,
            token_type = "Bearer",
            client_id = managedIdentityObjectId,
        });
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private bool SecretMatches(string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(_secret));
}
