using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Api;

/// <summary>
/// What the hosting platform says about authentication, read from the settings App Service gives every app:
/// <c>WEBSITE_SITE_NAME</c> (the app runs on App Service, i.e. in production) and <c>WEBSITE_AUTH_ENABLED</c> (App
/// Service Authentication is on, so the platform owns the <c>X-MS-CLIENT-PRINCIPAL-*</c> headers).
/// </summary>
public sealed class PlatformAuthentication(IConfiguration configuration, IOptions<ApiOptions> options)
{
    /// <summary>The app runs on App Service (Azure Functions included).</summary>
    public bool OnAppService => !string.IsNullOrWhiteSpace(configuration["WEBSITE_SITE_NAME"]);

    /// <summary>App Service Authentication is on for this app.</summary>
    public bool PlatformAuthenticates => bool.TryParse(configuration["WEBSITE_AUTH_ENABLED"], out var on) && on;

    /// <summary>Whether the principal header names the caller: as configured, else exactly when the platform authenticates.</summary>
    public bool TrustsPrincipalHeader => options.Value.TrustPrincipalHeader ?? PlatformAuthenticates;
}

/// <summary>
/// Start-up check of <see cref="ApiOptions"/>: on App Service the app refuses to start unless callers are identified by
/// a source nobody can forge, and never accepts <c>X-User-Id</c> there. Each refusal names the setting to change.
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

        if (platform.OnAppService)
        {
            if (options.AllowUserIdHeader)
            {
                failures.Add("Auth:AllowUserIdHeader must be false on App Service: any caller could name any user with X-User-Id.");
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
                failures.Add("Auth:Jwt:RequireHttpsMetadata must be true on App Service.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
