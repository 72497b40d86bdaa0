using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using EpisodeBuilder.GcsEmulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace EpisodeBuilder.GcsEmulator.Identity;

/// <summary>
/// The IAM Credentials API for trusted service accounts:
/// <c>POST /v1/projects/-/serviceAccounts/{email}:generateAccessToken</c> (service account impersonation, the last
/// step of <c>external_account</c> credentials) and <c>…:signBlob</c> (RSA-SHA256 with the account's key, so a V4 URL
/// signed through it verifies like one signed with the key file). The caller needs an unexpired emulator-issued
/// bearer token with the cloud-platform or iam scope (401/403), the account must be trusted (404), and the
/// <see cref="ImpersonationPolicy"/> must let the caller act as it (403). Errors are Google API errors.
/// </summary>
internal sealed class IamCredentialsHandler(ServiceAccountKeys keys, AccessTokens tokens, ImpersonationPolicy policy)
{
    private static readonly string[] IamScopes = ["https://www.googleapis.com/auth/cloud-platform", "https://www.googleapis.com/auth/iam"];
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(12);

    /// <summary>Handles the last path segment, <c>{email}:{method}</c>.</summary>
    public async Task HandleAsync(GcsRequest request, string resource, CancellationToken cancellationToken)
    {
        var context = request.Context;
        var colon = resource.LastIndexOf(':');
        var email = colon < 0 ? resource : resource[..colon];
        var method = colon < 0 ? string.Empty : resource[(colon + 1)..];
        var permission = method switch
        {
            "generateAccessToken" => "iam.serviceAccounts.getAccessToken",
            "signBlob" => "iam.serviceAccounts.signBlob",
            _ => null,
        };
        if (permission is null)
        {
            await IdentityResponses.GoogleErrorAsync(context, HttpStatusCode.NotFound, $"Method '{method}' is not served by this emulator's IAM Credentials API.");
            return;
        }

        var caller = tokens.Find(context.Request.Headers.Authorization.ToString(), out var refusal);
        if (caller is null)
        {
            await IdentityResponses.GoogleErrorAsync(context, HttpStatusCode.Unauthorized, refusal);
            return;
        }

        if (!caller.Scopes.Any(IamScopes.Contains))
        {
            await IdentityResponses.GoogleErrorAsync(context, HttpStatusCode.Forbidden, $"Request had insufficient authentication scopes: the token needs {string.Join(" or ", IamScopes)}.");
            return;
        }

        if (!keys.TryGet(email, out var key))
        {
            await IdentityResponses.GoogleErrorAsync(context, HttpStatusCode.NotFound, $"Not found; Gaia id not found for email {email} (the emulator does not trust this service account).");
            return;
        }

        if (!policy.MayActAs(caller.Principal, key.Email))
        {
            await IdentityResponses.GoogleErrorAsync(context, HttpStatusCode.Forbidden, $"Permission '{permission}' denied on resource projects/-/serviceAccounts/{key.Email} for {caller.Principal}.");
            return;
        }

        var body = await request.ReadJsonAsync(cancellationToken);
        if (body["delegates"] is JsonArray { Count: > 0 })
        {
            await IdentityResponses.GoogleErrorAsync(context, HttpStatusCode.BadRequest, "Delegation chains ('delegates') are not supported by this emulator.");
            return;
        }

        if (method == "signBlob")
        {
            await SignBlobAsync(context, key, body);
        }
        else
        {
            await GenerateAccessTokenAsync(context, key, body);
        }
    }

    private async Task GenerateAccessTokenAsync(HttpContext context, ServiceAccountKey key, JsonObject body)
    {
        var scopes = body["scope"] is JsonArray array
            ? array.Select(s => s is JsonValue v && v.TryGetValue<string>(out var text) ? text : null).OfType<string>().ToArray()
            : [];
        if (scopes.Length == 0)
        {
            await IdentityResponses.GoogleErrorAsync(context, HttpStatusCode.BadRequest, "Scope required.");
            return;
        }

        var lifetime = TimeSpan.FromHours(1);
        if (Text(body["lifetime"]) is { } text)
        {
            if (!text.EndsWith('s') || !double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                || seconds <= 0 || TimeSpan.FromSeconds(seconds) > MaxLifetime)
            {
                await IdentityResponses.GoogleErrorAsync(context, HttpStatusCode.BadRequest, $"Invalid lifetime '{text}': give seconds with an 's' suffix, at most {MaxLifetime.TotalSeconds}s.");
                return;
            }

            lifetime = TimeSpan.FromSeconds(seconds);
        }

        var grant = tokens.Issue(key.Email, lifetime, scopes);
        await IdentityResponses.JsonAsync(context, new
        {
            accessToken = grant.Token,
            expireTime = grant.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        });
    }

    private static Task SignBlobAsync(HttpContext context, ServiceAccountKey key, JsonObject body)
    {
        var text = Text(body["payload"]);
        var payload = new byte[text?.Length ?? 0];
        if (text is null || !Convert.TryFromBase64String(text, payload, out var length))
        {
            return IdentityResponses.GoogleErrorAsync(context, HttpStatusCode.BadRequest, "Invalid value at 'payload': give the bytes to sign in base64.");
        }

        return IdentityResponses.JsonAsync(context, new
        {
            keyId = key.KeyId,
            signedBlob = Convert.ToBase64String(key.Sign(payload[..length])),
        });
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
