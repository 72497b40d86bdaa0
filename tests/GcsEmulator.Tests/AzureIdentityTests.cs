using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Google.Apis.Auth;

namespace EpisodeBuilder.GcsEmulator.Tests;

/// <summary>
/// The Azure stand-in: an OIDC issuer whose tokens a standard RS256 validator accepts against its published JWKS, and
/// a managed identity endpoint that insists on its secret header.
/// </summary>
public sealed class AzureIdentityTests(IdentityFixture identity) : IClassFixture<IdentityFixture>
{
    [Fact]
    public async Task Minted_token_verifies_against_the_issuer_discovery_and_jwks()
    {
        var discovery = await identity.Http.GetFromJsonAsync<JsonObject>("_azure/oidc/.well-known/openid-configuration");
        var jwksUri = discovery!["jwks_uri"]!.GetValue<string>();
        var jwks = await identity.Http.GetFromJsonAsync<JsonObject>(jwksUri);
        using var minted = await identity.Http.PostAsJsonAsync("_azure/oidc/mint", new { sub = "caller-1", aud = "api://episode-builder", extraClaims = new { roles = new[] { "Builds.Write" } } });
        var token = (await minted.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();

        var payload = await JsonWebSignature.VerifySignedTokenAsync(token, new SignedTokenVerificationOptions
        {
            CertificatesUrl = jwksUri,
            TrustedIssuers = { identity.Server.AzureIssuerUrl },
            TrustedAudiences = { "api://episode-builder" },
        });

        Assert.Equal(identity.Server.AzureIssuerUrl, discovery["issuer"]!.GetValue<string>());
        Assert.Equal(identity.Url("_azure/oidc"), identity.Server.AzureIssuerUrl);
        Assert.Equal("caller-1", payload.Subject);
        var header = JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[0]))!;
        Assert.Equal("RS256", header["alg"]!.GetValue<string>());
        Assert.Equal(jwks!["keys"]![0]!["kid"]!.GetValue<string>(), header["kid"]!.GetValue<string>());
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]))!;
        Assert.Equal("Builds.Write", claims["roles"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_minted_with_a_negative_lifetime_is_expired()
    {
        var token = identity.Server.MintAzureToken("caller-2", "api://episode-builder", TimeSpan.FromMinutes(-1));

        var error = await Assert.ThrowsAsync<InvalidJwtException>(() => JsonWebSignature.VerifySignedTokenAsync(token, new SignedTokenVerificationOptions
        {
            CertificatesUrl = identity.Url("_azure/oidc/keys"),
        }));

        Assert.Equal("JWT has expired.", error.Message);
    }

    [Fact]
    public async Task Managed_identity_endpoint_requires_its_secret_header()
    {
        const string url = "_azure/msi/token?resource=api%3A%2F%2Fepisode-builder-gcs&api-version=2019-08-01";
        using var missing = await identity.Http.GetAsync(url);
        using var wrong = await SendAsync(url, "guess");
        using var right = await SendAsync(url, "local-identity-header");
        var body = await right.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(IdentityFixture.AzureResource, body!["resource"]!.GetValue<string>());
        Assert.Equal("Bearer", body["token_type"]!.GetValue<string>());
        Assert.True(long.Parse(body["expires_on"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(body["access_token"]!.GetValue<string>().Split('.')[1]))!;
        Assert.Equal(IdentityFixture.ManagedIdentityObjectId, claims["sub"]!.GetValue<string>());
        Assert.Equal(IdentityFixture.AzureResource, claims["aud"]!.GetValue<string>());
        Assert.Equal(identity.Server.AzureIssuerUrl, claims["iss"]!.GetValue<string>());
    }

    private async Task<HttpResponseMessage> SendAsync(string url, string identityHeader)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-IDENTITY-HEADER", identityHeader);
        return await identity.Http.SendAsync(request);
    }
}
