using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EpisodeBuilder.GcsEmulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace EpisodeBuilder.GcsEmulator.Identity;

/// <summary>
/// Entra ID's sign-in for single-page applications, enough for MSAL.js to run against it unchanged: the authorization
/// code flow with PKCE (S256 only, as Entra requires of SPAs) at <c>/_azure/oidc/authorize</c>, code and refresh token
/// redemption at <c>/_azure/oidc/token</c> in cross-origin requests only, with CORS for the registered redirect URIs'
/// origins, and sign-out at <c>/_azure/oidc/logout</c>. There is no login form: the configured <see cref="SignInUser"/>
/// signs in at once. Access tokens are v2.0 tokens for the one registered API the scopes name (<c>aud</c> = its client
/// id, <c>scp</c> = the scope names); <c>sub</c> is the user's object id (Entra's is pairwise per app).
/// </summary>
internal sealed class EntraSignInHandler(AzureOidcIssuer issuer, GcsEmulatorOptions options, TimeProvider time)
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);
    private const string GraphResource = "https://graph.microsoft.com";
    private const string GraphClientId = "00000003-0000-0000-c000-000000000000";
    private static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromHours(24);
    private static readonly HashSet<string> OpenIdScopes = new(StringComparer.Ordinal) { "openid", "profile", "email", "offline_access" };
    private readonly ConcurrentDictionary<string, Grant> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Grant> _refreshTokens = new(StringComparer.Ordinal);
    private int _redeemed;

    /// <summary>How many authorization codes have been redeemed for tokens.</summary>
    public int CodesRedeemed => Volatile.Read(ref _redeemed);

    /// <summary>Forgets every refresh token, as a directory does when a session is revoked: clients must sign in again.</summary>
    public void RevokeRefreshTokens() => _refreshTokens.Clear();

    /// <summary><c>GET /_azure/oidc/authorize</c>: signs the configured user in and redirects back with a code.</summary>
    public Task AuthorizeAsync(GcsRequest request)
    {
        var context = request.Context;
        var clientId = request.QueryValue("client_id") ?? string.Empty;
        var redirectUri = request.QueryValue("redirect_uri") ?? string.Empty;
        if (!options.SignInClients.TryGetValue(clientId, out var registered))
        {
            return PageErrorAsync(context, $"AADSTS700016: Application with identifier '{clientId}' was not found in the directory.");
        }

        if (!registered.Contains(redirectUri, StringComparer.Ordinal))
        {
            return PageErrorAsync(context, $"AADSTS50011: The redirect URI '{redirectUri}' specified in the request does not match the redirect URIs configured for the application '{clientId}'.");
        }

        var query = request.QueryValue("response_mode") != "fragment";
        var state = request.QueryValue("state");
        if (request.QueryValue("response_type") != "code")
        {
            return RedirectAsync(context, redirectUri, query, state, ("error", "unsupported_response_type"), ("error_description", "Only the authorization code flow (response_type=code) is supported."));
        }

        var challenge = request.QueryValue("code_challenge");
        if (string.IsNullOrEmpty(challenge) || request.QueryValue("code_challenge_method") != "S256")
        {
            return RedirectAsync(context, redirectUri, query, state, ("error", "invalid_request"), ("error_description", "AADSTS9002325: Proof Key for Code Exchange (S256) is required for cross-origin authorization code redemption."));
        }

        var scopes = Scopes(request.QueryValue("scope"));
        if (Resource(scopes) is { Error: { } scopeError })
        {
            return RedirectAsync(context, redirectUri, query, state, ("error", "invalid_scope"), ("error_description", scopeError));
        }

        foreach (var (stale, _) in _codes.Where(c => c.Value.ExpiresAt <= time.GetUtcNow()))
        {
            _codes.TryRemove(stale, out _);
        }

        var code = RandomToken();
        _codes[code] = new Grant(clientId, redirectUri, scopes, request.QueryValue("nonce"), challenge, time.GetUtcNow() + CodeLifetime);
        return RedirectAsync(context, redirectUri, query, state, ("code", code));
    }

    /// <summary><c>OPTIONS /_azure/oidc/token</c>: the CORS preflight a browser sends before MSAL.js's token request.</summary>
    public Task PreflightAsync(HttpContext context)
    {
        AllowOrigin(context);
        context.Response.Headers.AccessControlAllowMethods = "POST, OPTIONS";
        context.Response.Headers.AccessControlAllowHeaders = context.Request.Headers.AccessControlRequestHeaders.ToString() is { Length: > 0 } asked ? asked : "content-type";
        context.Response.Headers.AccessControlMaxAge = "600";
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    /// <summary><c>POST /_azure/oidc/token</c>: redeems a code (with its PKCE verifier) or a refresh token.</summary>
    public async Task TokenAsync(HttpContext context, CancellationToken cancellationToken)
    {
        AllowOrigin(context);
        if (!context.Request.HasFormContentType)
        {
            await IdentityResponses.OAuthErrorAsync(context, "invalid_request", "The token request must be form-encoded.");
            return;
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var clientId = form["client_id"].ToString();
        if (context.Request.Headers.Origin.Count == 0)
        {
            // Entra ID redeems a single-page app's codes and refresh tokens only in a browser's cross-origin request.
            await IdentityResponses.OAuthErrorAsync(context, "invalid_request", "AADSTS9002327: Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.");
            return;
        }

        Grant? grant;
        switch (form["grant_type"].ToString())
        {
            case "authorization_code":
                if (!_codes.TryRemove(form["code"].ToString(), out grant) || grant.ExpiresAt <= time.GetUtcNow())
                {
                    await IdentityResponses.OAuthErrorAsync(context, "invalid_grant", "AADSTS54005: The authorization code was already redeemed, has expired or was never issued.");
                    return;
                }

                if (grant.ClientId != clientId || grant.RedirectUri != form["redirect_uri"].ToString())
                {
                    await IdentityResponses.OAuthErrorAsync(context, "invalid_grant", "AADSTS70000: The code was issued to another client or redirect URI.");
                    return;
                }

                if (!VerifierMatches(form["code_verifier"].ToString(), grant.Challenge))
                {
                    await IdentityResponses.OAuthErrorAsync(context, "invalid_grant", "AADSTS501481: The code_verifier does not match the code_challenge supplied in the authorization request.");
                    return;
                }

                Interlocked.Increment(ref _redeemed);
                break;
            case "refresh_token":
                // A single-page app's refresh token is good once and for 24 hours; each redemption gives a new one.
                if (!_refreshTokens.TryRemove(form["refresh_token"].ToString(), out grant) || grant.ClientId != clientId || grant.ExpiresAt <= time.GetUtcNow())
                {
                    await IdentityResponses.OAuthErrorAsync(context, "invalid_grant", "AADSTS700082: The refresh token is not valid for this client.");
                    return;
                }

                if (form["scope"].ToString() is { Length: > 0 } asked)
                {
                    var scopes = Scopes(asked);
                    if (Resource(scopes) is { Error: { } scopeError })
                    {
                        await IdentityResponses.OAuthErrorAsync(context, "invalid_scope", scopeError);
                        return;
                    }

                    // The refresh token keeps renewing itself for as long as the sign-in asked for offline access.
                    var renewing = grant.Scopes.Contains("offline_access") && !scopes.Contains("offline_access") ? [.. scopes, "offline_access"] : scopes;
                    grant = grant with { Scopes = renewing, Nonce = null };
                }

                break;
            default:
                await IdentityResponses.OAuthErrorAsync(context, "unsupported_grant_type", "Only authorization_code and refresh_token grants are supported.");
                return;
        }

        await IdentityResponses.JsonAsync(context, Tokens(grant));
    }

    /// <summary><c>GET /_azure/oidc/logout</c>: back to <c>post_logout_redirect_uri</c> when it is a registered redirect URI.</summary>
    public Task LogoutAsync(GcsRequest request)
    {
        var context = request.Context;
        var target = request.QueryValue("post_logout_redirect_uri");
        if (target is not null && options.SignInClients.Values.Any(uris => uris.Contains(target, StringComparer.Ordinal)))
        {
            context.Response.Redirect(target);
            return Task.CompletedTask;
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("You have signed out.", context.RequestAborted);
    }

    private Dictionary<string, object> Tokens(Grant grant)
    {
        var user = options.SignInUser;
        var (audience, names, _) = Resource(grant.Scopes);
        var userClaims = new JsonObject
        {
            ["oid"] = user.ObjectId,
            ["tid"] = options.TenantId,
            ["name"] = user.Name,
            ["preferred_username"] = user.UserName,
            ["ver"] = "2.0",
        };
        var access = (JsonObject)userClaims.DeepClone();
        access["azp"] = grant.ClientId;
        access["scp"] = string.Join(' ', names);
        var id = (JsonObject)userClaims.DeepClone();
        if (grant.Nonce is not null)
        {
            id["nonce"] = grant.Nonce;
        }

        var response = new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["scope"] = string.Join(' ', grant.Scopes.Where(s => s != "offline_access")),
            ["expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["ext_expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["access_token"] = issuer.Mint(user.ObjectId, audience, TokenLifetime, access),
            ["id_token"] = issuer.Mint(user.ObjectId, grant.ClientId, TokenLifetime, id),
            ["client_info"] = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new { uid = user.ObjectId, utid = options.TenantId })),
        };
        if (grant.Scopes.Contains("offline_access"))
        {
            var refresh = RandomToken();
            _refreshTokens[refresh] = grant with { Nonce = null, ExpiresAt = time.GetUtcNow() + RefreshTokenLifetime };
            response["refresh_token"] = refresh;
        }

        return response;
    }

    /// <summary>
    /// The API the scopes are for (<c>api://episode-builder/Episodes.Build</c> → the client id registered for
    /// <c>api://episode-builder</c>, <c>Episodes.Build</c>); without one, the tokens are for Microsoft Graph, as Entra ID's
    /// are. Scopes of two APIs at once, or of an API nobody registered, are an error.
    /// </summary>
    private (string Audience, string[] Names, string? Error) Resource(string[] scopes)
    {
        var api = scopes.Where(s => !OpenIdScopes.Contains(s)).ToArray();
        var resources = api.Select(s => s.LastIndexOf('/') is var slash and > 0 ? s[..slash] : GraphResource).Distinct(StringComparer.Ordinal).ToArray();
        if (resources.Length > 1)
        {
            return (string.Empty, [], $"AADSTS28000: The scopes name more than one resource ({string.Join(", ", resources)}); ask for one at a time.");
        }

        var resource = resources.FirstOrDefault() ?? GraphResource;
        var audience = resource == GraphResource ? GraphClientId : options.SignInApis.TryGetValue(resource, out var clientId) ? clientId : null;
        if (audience is null)
        {
            return (string.Empty, [], $"AADSTS500011: The resource principal named {resource} was not found in the tenant.");
        }

        var names = api.Select(s => s.LastIndexOf('/') is var slash and > 0 ? s[(slash + 1)..] : s).ToArray();
        return (audience, names.Length > 0 ? names : ["openid", "profile"], null);
    }

    private void AllowOrigin(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && options.SignInClients.Values.SelectMany(uris => uris).Any(uri => Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.GetLeftPart(UriPartial.Authority) == origin))
        {
            context.Response.Headers.AccessControlAllowOrigin = origin;
            context.Response.Headers.Vary = "Origin";
        }
    }

    private static bool VerifierMatches(string verifier, string challenge) =>
        verifier.Length is >= 43 and <= 128
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))), Encoding.ASCII.GetBytes(challenge));

    private static string[] Scopes(string? scope) => (scope ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string RandomToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static Task RedirectAsync(HttpContext context, string redirectUri, bool query, string? state, params (string Name, string Value)[] parameters)
    {
        var pairs = parameters.Concat(state is null ? [] : [("state", state)]).Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}");
        var separator = query ? (redirectUri.Contains('?', StringComparison.Ordinal) ? "&" : "?") : "#";
        context.Response.Redirect(redirectUri + separator + string.Join('&', pairs));
        return Task.CompletedTask;
    }

    private static Task PageErrorAsync(HttpContext context, string message)
    {
        context.Response.StatusCode = (int)HttpStatusCode.BadRequest;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message, context.RequestAborted);
    }

    private sealed record Grant(string ClientId, string RedirectUri, string[] Scopes, string? Nonce, string Challenge, DateTimeOffset ExpiresAt);
}
