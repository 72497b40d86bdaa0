using EpisodeBuilder.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Functions.Tests;

/// <summary>
/// Who the API believes a caller is: only a source configuration trusts names a user, and the app refuses to start on
/// App Service without one nobody can forge.
/// </summary>
public sealed class CallerIdentityTests
{
    internal static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging()
            .AddCallerIdentity(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    /// <summary>A request with its own scope, as the host gives each (authentication handlers keep one result per request).</summary>
    internal static HttpContext Request(IServiceProvider services, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext { RequestServices = services.CreateScope().ServiceProvider };
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context;
    }

    [Fact]
    public async Task A_principal_header_is_ignored_where_the_platform_does_not_authenticate()
    {
        await using var services = Services(new() { ["STORAGE_EMULATOR_HOST"] = "http://127.0.0.1:4443" });

        var user = await services.GetRequiredService<CallerIdentity>().ResolveAsync(Request(services, (CallerIdentity.PrincipalHeader, "mallory-says-alice")));

        Assert.Null(user);
    }

    [Fact]
    public async Task A_principal_header_names_the_user_by_provider_and_id_when_App_Service_Authentication_is_on()
    {
        await using var services = Services(new() { ["WEBSITE_SITE_NAME"] = "episode-builder", ["WEBSITE_AUTH_ENABLED"] = "True" });
        var identity = services.GetRequiredService<CallerIdentity>();

        var entra = await identity.ResolveAsync(Request(services, (CallerIdentity.PrincipalHeader, "0f8fad5b-d9cb-469f-a165-70867728950e"), (CallerIdentity.ProviderHeader, "aad")));
        var github = await identity.ResolveAsync(Request(services, (CallerIdentity.PrincipalHeader, "1234567"), (CallerIdentity.ProviderHeader, "github")));
        var google = await identity.ResolveAsync(Request(services, (CallerIdentity.PrincipalHeader, "1234567"), (CallerIdentity.ProviderHeader, "google")));
        var unknown = await identity.ResolveAsync(Request(services, (CallerIdentity.PrincipalHeader, "1234567")));

        // Entra's id is the object id bearer tokens name too; other providers' ids are only unique with their provider.
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", entra);
        Assert.Equal("github-1234567", github);
        Assert.Equal("google-1234567", google);
        Assert.Null(unknown);
    }

    [Theory]
    [InlineData("CONTAINER_APP_NAME", "episode-builder")]
    [InlineData("STORAGE_EMULATOR_HOST", "")]
    public void Where_deployed_off_App_Service_the_local_user_header_is_refused_too(string setting, string value)
    {
        using var services = Services(new() { [setting] = value, ["Auth:AllowUserIdHeader"] = "true", ["Auth:TrustPrincipalHeader"] = "true" });

        var refusal = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ApiOptions>>().Value);

        Assert.Contains("Auth:AllowUserIdHeader must be false where the app is deployed", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bearer_tokens_need_a_scope_or_an_app_role()
    {
        using var services = Services(new() { ["Auth:Jwt:Authority"] = "https://login.example.test/tenant/v2.0", ["Auth:Jwt:Audience"] = "api://episode-builder" });

        var refusal = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ApiOptions>>().Value);

        Assert.Contains("Auth:Jwt:Scope", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Auth:Jwt:Role", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task X_User_Id_names_nobody_unless_configuration_allows_it()
    {
        await using var closed = Services(new() { ["STORAGE_EMULATOR_HOST"] = "http://127.0.0.1:4443" });
        await using var open = Services(new() { ["Auth:AllowUserIdHeader"] = "true", ["STORAGE_EMULATOR_HOST"] = "http://127.0.0.1:4443" });

        Assert.Null(await closed.GetRequiredService<CallerIdentity>().ResolveAsync(Request(closed, (CallerIdentity.UserIdHeader, "alice"))));
        Assert.Equal("alice", await open.GetRequiredService<CallerIdentity>().ResolveAsync(Request(open, (CallerIdentity.UserIdHeader, "alice"))));
        Assert.Null(await open.GetRequiredService<CallerIdentity>().ResolveAsync(Request(open, (CallerIdentity.UserIdHeader, "../bob"))));
    }

    [Theory]
    [InlineData("WEBSITE_AUTH_ENABLED")]
    [InlineData("Auth:Jwt:Authority")]
    public void On_App_Service_the_app_refuses_to_start_without_a_trusted_identity_and_names_the_settings(string named)
    {
        using var services = Services(new() { ["WEBSITE_SITE_NAME"] = "episode-builder" });

        var refusal = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ApiOptions>>().Value);

        Assert.Contains(named, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void On_App_Service_the_app_refuses_to_start_with_the_local_user_header_allowed()
    {
        using var services = Services(new() { ["WEBSITE_SITE_NAME"] = "episode-builder", ["WEBSITE_AUTH_ENABLED"] = "true", ["Auth:AllowUserIdHeader"] = "true" });

        var refusal = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ApiOptions>>().Value);

        Assert.Contains("Auth:AllowUserIdHeader", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bearer_tokens_need_an_audience()
    {
        using var services = Services(new() { ["Auth:Jwt:Authority"] = "https://login.example.test/tenant/v2.0" });

        var refusal = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ApiOptions>>().Value);

        Assert.Contains("Auth:Jwt:Audience", refusal.Message, StringComparison.Ordinal);
    }
}

/// <summary>
/// Bearer tokens checked by ASP.NET Core's JWT bearer handler against an OpenID issuer (the emulator's stand-in for
/// Entra ID, discovery document and keys over HTTP): only an unexpired token for the API's audience, signed by the
/// issuer's published key, names a user.
/// </summary>
public sealed class BearerTokenIdentityTests : IAsyncLifetime
{
    private const string Audience = "api://episode-builder";
    private const string Oid = "7d3c2b1a-1111-4222-8333-944455556666";
    private GcsEmulator.GcsEmulatorServer _issuer = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _issuer = await GcsEmulator.GcsEmulatorServer.StartAsync(new GcsEmulator.GcsEmulatorOptions { Port = 0 });
        _services = CallerIdentityTests.Services(new()
        {
            ["Auth:Jwt:Authority"] = _issuer.AzureIssuerUrl,
            ["Auth:Jwt:Audience"] = Audience,
            ["Auth:Jwt:RequireHttpsMetadata"] = "false",
            ["Auth:Jwt:Scope"] = "Episodes.Build",
            ["Auth:Jwt:Role"] = "Episodes.Builder",
            ["Auth:AllowUserIdHeader"] = "true",
            ["STORAGE_EMULATOR_HOST"] = "http://127.0.0.1:4443",
        });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    private Task<string?> ResolveAsync(string token, params (string Name, string Value)[] more) =>
        _services.GetRequiredService<CallerIdentity>().ResolveAsync(
            CallerIdentityTests.Request(_services, [("Authorization", "Bearer " + token), .. more]));

    private string Mint(string audience = Audience, TimeSpan? lifetime = null, string? scope = "User.Read Episodes.Build", string[]? roles = null)
    {
        var claims = new System.Text.Json.Nodes.JsonObject { ["oid"] = Oid };
        if (scope is not null)
        {
            claims["scp"] = scope;
        }

        if (roles is not null)
        {
            claims["roles"] = new System.Text.Json.Nodes.JsonArray([.. roles.Select(r => (System.Text.Json.Nodes.JsonNode?)r)]);
        }

        return _issuer.MintAzureToken("subject-" + Oid, audience, lifetime ?? TimeSpan.FromMinutes(30), claims);
    }

    [Fact]
    public async Task A_valid_token_names_the_user_by_its_configured_claim()
    {
        Assert.Equal(Oid, await ResolveAsync(Mint()));
    }

    [Fact]
    public async Task A_valid_token_without_the_scope_or_role_names_nobody()
    {
        Assert.Null(await ResolveAsync(Mint(scope: null)));
        Assert.Null(await ResolveAsync(Mint(scope: "User.Read Episodes.BuildAll")));
        Assert.Null(await ResolveAsync(Mint(scope: null, roles: ["Episodes.Reader"])));
        Assert.Equal(Oid, await ResolveAsync(Mint(scope: null, roles: ["Episodes.Reader", "Episodes.Builder"])));
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        Assert.Null(await ResolveAsync(Mint(audience: "api://some-other-app")));
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        Assert.Null(await ResolveAsync(Mint(lifetime: TimeSpan.FromMinutes(-10))));
    }

    [Fact]
    public async Task A_token_signed_by_another_key_under_the_issuers_key_id_is_refused()
    {
        using var http = new HttpClient();
        var jwks = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync(_issuer.AzureIssuerUrl + "/keys"))!;
        var kid = jwks["keys"]![0]!["kid"]!.GetValue<string>();
        using var stranger = System.Security.Cryptography.RSA.Create(2048);
        var forged = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = _issuer.AzureIssuerUrl,
            Audience = Audience,
            Expires = DateTime.UtcNow.AddMinutes(30),
            Claims = new Dictionary<string, object> { ["sub"] = "subject-" + Oid, ["oid"] = Oid },
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
                new Microsoft.IdentityModel.Tokens.RsaSecurityKey(stranger) { KeyId = kid }, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.RsaSha256),
        });

        Assert.Null(await ResolveAsync(forged));
    }

    [Fact]
    public async Task A_refused_token_is_not_rescued_by_a_user_header()
    {
        Assert.Null(await ResolveAsync(Mint(lifetime: TimeSpan.FromMinutes(-10)), (CallerIdentity.UserIdHeader, "alice")));
    }
}
