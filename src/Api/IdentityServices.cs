using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Api;

/// <summary>Registers how API callers are identified (section <c>Auth</c>), validated at start-up.</summary>
public static class IdentityServices
{
    public static IServiceCollection AddCallerIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>()
            .Bind(configuration.GetSection(ApiOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>>(new ApiOptionsValidation(configuration));
        services.AddSingleton(sp => new PlatformAuthentication(configuration, sp.GetRequiredService<IOptions<ApiOptions>>()));
        services.AddSingleton<CallerIdentity>();

        // The JWT bearer handler is only asked by CallerIdentity (no middleware challenges anyone): the API answers
        // its own 401s, the same on the Functions host and the local host.
        services.AddAuthentication().AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<ApiOptions>>((bearer, api) =>
            {
                var jwt = api.Value.Jwt;
                if (!jwt.Enabled)
                {
                    return;
                }

                bearer.Authority = jwt.Authority;
                bearer.Audience = jwt.Audience;
                bearer.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters.ValidateIssuer = true;
                bearer.TokenValidationParameters.ValidateAudience = true;
                bearer.TokenValidationParameters.ValidateLifetime = true;
                bearer.TokenValidationParameters.ClockSkew = TimeSpan.FromMinutes(1);
            });
        return services;
    }
}
