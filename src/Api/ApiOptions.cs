namespace EpisodeBuilder.Api;

/// <summary>
/// Who may call the API and how (section <c>Auth</c>). A caller is a user id taken from exactly one trusted source:
/// a bearer JWT (<see cref="Jwt"/>), App Service authentication's principal header (only where the platform
/// authenticates), or, for local runs only, <c>X-User-Id</c>.
/// </summary>
public sealed class ApiOptions
{
    public const string SectionName = "Auth";

    /// <summary>
    /// Accept the caller's user id from the <c>X-User-Id</c> header (<c>Auth:AllowUserIdHeader</c>). Only for local
    /// runs: refused at start-up on App Service.
    /// </summary>
    public bool AllowUserIdHeader { get; set; }

    /// <summary>
    /// Trust <c>X-MS-CLIENT-PRINCIPAL-ID</c> (<c>Auth:TrustPrincipalHeader</c>). Unset, it is trusted exactly when App
    /// Service Authentication is on (the platform's <c>WEBSITE_AUTH_ENABLED</c>), because only then does the platform
    /// strip that header from what clients send and set it itself. Set it to <c>true</c> only behind another proxy that
    /// does the same; anywhere else a caller could name any user.
    /// </summary>
    public bool? TrustPrincipalHeader { get; set; }

    /// <summary>Bearer tokens from an OpenID issuer (<c>Auth:Jwt</c>); off while its authority is empty.</summary>
    public JwtCallerOptions Jwt { get; set; } = new();
}

/// <summary>
/// API callers authenticated by a bearer JWT (section <c>Auth:Jwt</c>): signed by the issuer's published keys, for
/// this audience, unexpired; the user is one claim of it.
/// </summary>
public sealed class JwtCallerOptions
{
    /// <summary>
    /// The OpenID issuer (<c>Auth:Jwt:Authority</c>), e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>; its
    /// <c>/.well-known/openid-configuration</c> names the signing keys. Empty turns bearer tokens off.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for (<c>Auth:Jwt:Audience</c>): the API's application id URI or client id.</summary>
    public string? Audience { get; set; }

    /// <summary>
    /// A delegated permission the token must carry in <c>scp</c> (<c>Auth:Jwt:Scope</c>, e.g. <c>Episodes.Build</c>, the scope
    /// the API's app registration exposes and the page signs in for). Entra issues tokens for an API's audience to other
    /// apps of the tenant too; a scope (or <see cref="Role"/>) is what says this caller was granted the API.
    /// </summary>
    public string? Scope { get; set; }

    /// <summary>An app role the token must carry in <c>roles</c> (<c>Auth:Jwt:Role</c>), for callers that are applications.</summary>
    public string? Role { get; set; }

    /// <summary>The claim that holds the user id (<c>Auth:Jwt:UserClaim</c>; Entra ID's object id, <c>oid</c>, by default).</summary>
    public string UserClaim { get; set; } = "oid";

    /// <summary>Fetch the issuer's metadata over HTTPS only (<c>Auth:Jwt:RequireHttpsMetadata</c>); false only for a local issuer.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
