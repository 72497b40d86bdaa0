using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Api;

/// <summary>
/// What the hosting platform says about authentication, read from the settings platforms give every app:
/// <c>WEBSITE_SITE_NAME</c> (App Service and Functions), <c>CONTAINER_APP_NAME</c> (Container Apps), and
/// <c>WEBSITE_AUTH_ENABLED</c> (App Service Authentication is on, so the platform owns the
/// <c>X-MS-CLIENT-PRINCIPAL-*</c> headers). Anything that does not talk to the storage emulator counts as deployed.
/// </summary>
public sealed class PlatformAuthentication(IConfiguration configuration, IOptions<ApiOptions> options)
{
    /// <summary>The app runs on App Service (Azure Functions included).</summary>
    public bool OnAppService => !string.IsNullOrWhiteSpace(configuration["WEBSITE_SITE_NAME"]);

    /// <summary>The app runs on Azure Container Apps.</summary>
    public bool OnContainerApps => !string.IsNullOrWhiteSpace(configuration["CONTAINER_APP_NAME"]);

    /// <summary>
    /// The app serves real users: it runs on a platform it can recognise, or it uses real GCS (only a local run talks to
    /// the storage emulator). Where deployed, callers must be identified by a source nobody can forge.
    /// </summary>
    public bool Deployed => OnAppService || OnContainerApps || string.IsNullOrWhiteSpace(configuration["STORAGE_EMULATOR_HOST"]);

    /// <summary>App Service Authentication is on for this app.</summary>
    public bool PlatformAuthenticates => bool.TryParse(configuration["WEBSITE_AUTH_ENABLED"], out var on) && on;

    /// <summary>Whether the principal header names the caller: as configured, else exactly when the platform authenticates.</summary>
    public bool TrustsPrincipalHeader => options.Value.TrustPrincipalHeader ?? PlatformAuthenticates;
}

/// <summary>
/// Start-up check of <see cref="ApiOptions"/>: where deployed (<see cref="PlatformAuthentication.Deployed"/>) the app
/// refuses to start unless callers are identified by a source nobody can forge, and never accepts <c>X-User-Id</c> there;
/// bearer tokens need a scope or app role. Each refusal names the setting to change.
/// </summary>
public sealed class ApiOptionsValidation(IConfiguration configuration) : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var platform = new PlatformAuthentication(configuration, Options.Create(options));
        var failures = new List<string>();
        if (options.Jwt.Enabled && string.IsNullOrWhiteSpace(options.Jwt.Audience))
        {
            failures.Add("Auth:Jwt:Audience is required with Auth:Jwt:Authority: the audience the API's tokens are issued for.");
        }

        if (options.Jwt.Enabled && !Uri.TryCreate(options.Jwt.Authority, UriKind.Absolute, out _))
        {
            failures.Add($"Auth:Jwt:Authority '{options.Jwt.Authority}' is not an absolute URL.");
        }

        if (options.Jwt.Enabled && string.IsNullOrWhiteSpace(options.Jwt.Scope) && string.IsNullOrWhiteSpace(options.Jwt.Role))
        {
            failures.Add(
                "Auth:Jwt:Scope (a delegated permission the API exposes, in the token's scp) or Auth:Jwt:Role (an app role, in roles) is required " +
                "with Auth:Jwt:Authority: any app of the tenant can get a token for the API's audience, only a granted one carries them.");
        }

        if (platform.Deployed)
        {
            if (options.AllowUserIdHeader)
            {
                failures.Add("Auth:AllowUserIdHeader must be false where the app is deployed (App Service, Container Apps, or real GCS): any caller could name any user with X-User-Id.");
            }

            if (!options.Jwt.Enabled && !platform.TrustsPrincipalHeader)
            {
                failures.Add(
                    "No trusted caller identity: turn on App Service Authentication (the platform then sets WEBSITE_AUTH_ENABLED=true), " +
                    "or configure bearer tokens with Auth:Jwt:Authority and Auth:Jwt:Audience. " +
                    "Auth:TrustPrincipalHeader=true is only for a proxy that itself strips and sets X-MS-CLIENT-PRINCIPAL-ID.");
            }

            if (options.Jwt.Enabled && !options.Jwt.RequireHttpsMetadata)
            {
                failures.Add("Auth:Jwt:RequireHttpsMetadata must be true where the app is deployed.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
