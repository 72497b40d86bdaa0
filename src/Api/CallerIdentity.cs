using System.Security.Claims;
using EpisodeBuilder.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Api;

/// <summary>
/// Works out the calling user of an API request from the one source configuration trusts (see <see cref="ApiOptions"/>):
/// a bearer JWT validated by ASP.NET Core's JWT bearer handler and carrying the configured scope or app role, App
/// Service authentication's principal (provider and id) where the platform sets it, or (local runs) <c>X-User-Id</c>.
/// A source that is not trusted is ignored, so a forged header authenticates nobody. A user id must be safe to use as a
/// key prefix. Every route depends on this, not on function keys: the routes are anonymous to the host.
/// </summary>
public sealed class CallerIdentity(IOptions<ApiOptions> options, PlatformAuthentication platform, ILogger<CallerIdentity> logger)
{
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL-ID";
    public const string ProviderHeader = "X-MS-CLIENT-PRINCIPAL-IDP";
    public const string UserIdHeader = "X-User-Id";

    /// <summary>The user id, or null when the caller is not authenticated (the API answers 401).</summary>
    public async Task<string?> ResolveAsync(HttpContext context)
    {
        var settings = options.Value;
        if (settings.Jwt.Enabled && context.Request.Headers.Authorization.Count > 0)
        {
            // A caller that presents a token is judged by it alone: a bad token is never rescued by a header.
            var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
            if (!result.Succeeded)
            {
                logger.LogInformation("Bearer token refused: {Reason}", result.Failure?.Message ?? "no token");
                return null;
            }

            if (!Granted(result.Principal, settings.Jwt))
            {
                logger.LogInformation("Bearer token refused: it carries neither scope {Scope} nor app role {Role}", settings.Jwt.Scope, settings.Jwt.Role);
                return null;
            }

            return Safe(result.Principal.FindFirstValue(settings.Jwt.UserClaim));
        }

        if (platform.TrustsPrincipalHeader && Header(context, PrincipalHeader) is { } principal)
        {
            // An id is unique within its provider only: Entra's (aad) is the object id bearer tokens name too; any
            // other provider's id is prefixed with the provider, so a GitHub user 123 is not a Google user 123.
            return Header(context, ProviderHeader) switch
            {
                null => null,
                "aad" => Safe(principal),
                var provider => Safe($"{provider}-{principal}"),
            };
        }

        return settings.AllowUserIdHeader ? Safe(Header(context, UserIdHeader)) : null;
    }

    /// <summary>The token carries the configured delegated scope (<c>scp</c>, space-separated) or app role (<c>roles</c>).</summary>
    private static bool Granted(ClaimsPrincipal principal, JwtCallerOptions jwt) =>
        (jwt.Scope is { Length: > 0 } scope && principal.FindAll("scp").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Contains(scope, StringComparer.Ordinal))
        || (jwt.Role is { Length: > 0 } role && principal.FindAll("roles").Any(c => c.Value == role));

    private static string? Header(HttpContext context, string name) =>
        context.Request.Headers[name].FirstOrDefault() is { Length: > 0 } value ? value : null;

    // Entra object ids are GUIDs with dashes: already in the safe charset. The product's own prefixes are never users.
    private static string? Safe(string? user) => !string.IsNullOrWhiteSpace(user) && ObjectKeys.IsValidUserId(user) ? user : null;
}
