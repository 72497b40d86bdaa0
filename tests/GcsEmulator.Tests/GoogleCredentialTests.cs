using System.Net;
using EpisodeBuilder.GcsEmulator.Identity;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;

namespace EpisodeBuilder.GcsEmulator.Tests;

/// <summary>
/// The real Google.Apis.Auth credentials get their tokens from the emulator: a service account key, an Azure managed
/// identity federated through the STS (with and without impersonation), and the Compute metadata server.
/// </summary>
public sealed class GoogleCredentialTests(IdentityFixture identity) : IClassFixture<IdentityFixture>
{
    private AccessTokens Tokens => identity.Server.Tokens;

    [Fact]
    public async Task Service_account_key_exchanges_its_jwt_assertion_at_the_emulator_token_uri()
    {
        var credential = CredentialFactory.FromJson<ServiceAccountCredential>(identity.Keys[IdentityFixture.RuntimeAccount])
            .ToGoogleCredential().CreateScoped(IdentityFixture.StorageScope);

        var token = await credential.UnderlyingCredential.GetAccessTokenForRequestAsync();

        Assert.True(Tokens.TryValidate("Bearer " + token, out var grant));
        Assert.Equal(IdentityFixture.RuntimeAccount, grant.Principal);
        Assert.Equal([IdentityFixture.StorageScope], grant.Scopes);
    }

    [Fact]
    public async Task Assertion_from_an_untrusted_service_account_is_refused_with_invalid_grant()
    {
        var stranger = EpisodeBuilder.GcsEmulator.Signing.DevServiceAccount.CreateKeyJson("stranger@elsewhere.iam.gserviceaccount.com")
            .Replace("https://oauth2.googleapis.com/token", identity.Url("token"), StringComparison.Ordinal);
        var credential = CredentialFactory.FromJson<ServiceAccountCredential>(stranger).ToGoogleCredential().CreateScoped(IdentityFixture.StorageScope);

        var error = await Assert.ThrowsAsync<TokenResponseException>(() => credential.UnderlyingCredential.GetAccessTokenForRequestAsync());

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("invalid_grant", error.Error.Error);
        Assert.Contains("stranger@elsewhere.iam.gserviceaccount.com", error.Error.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task External_account_from_an_azure_managed_identity_impersonates_the_service_account()
    {
        var credential = CredentialFactory.FromJson(identity.ExternalAccountJson(), JsonCredentialParameters.ExternalAccountCredentialType)
            .CreateScoped(IdentityFixture.StorageScope);

        var token = await credential.UnderlyingCredential.GetAccessTokenForRequestAsync();

        Assert.IsType<UrlSourcedExternalAccountCredential>(credential.UnderlyingCredential);
        Assert.True(Tokens.TryValidate("Bearer " + token, out var grant));
        Assert.Equal(IdentityFixture.PublisherAccount, grant.Principal);
        Assert.Equal([IdentityFixture.StorageScope], grant.Scopes);
    }

    [Fact]
    public async Task External_account_without_impersonation_gets_a_federated_token_for_the_azure_subject()
    {
        var credential = CredentialFactory.FromJson<UrlSourcedExternalAccountCredential>(identity.ExternalAccountJson(impersonate: null))
            .ToGoogleCredential().CreateScoped(IdentityFixture.StorageScope);

        var token = await credential.UnderlyingCredential.GetAccessTokenForRequestAsync();

        Assert.True(Tokens.TryValidate("Bearer " + token, out var grant));
        Assert.Equal(IdentityFixture.FederatedPrincipal, grant.Principal);
    }

    [Fact]
    public async Task Wrong_identity_header_fails_to_fetch_the_subject_token_with_401()
    {
        var credential = CredentialFactory.FromJson<UrlSourcedExternalAccountCredential>(identity.ExternalAccountJson(identityHeader: "not-the-secret"))
            .ToGoogleCredential().CreateScoped(IdentityFixture.StorageScope);

        var error = await Assert.ThrowsAsync<SubjectTokenException>(() => credential.UnderlyingCredential.GetAccessTokenForRequestAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, Assert.IsType<HttpRequestException>(error.InnerException).StatusCode);
    }

    [Fact]
    public async Task Expired_subject_token_is_refused_by_the_sts_with_invalid_grant()
    {
        var expired = identity.Server.MintAzureToken(IdentityFixture.ManagedIdentityObjectId, IdentityFixture.AzureResource, TimeSpan.FromMinutes(-5));
        var credential = CredentialFactory.FromJson<FileSourcedExternalAccountCredential>(await identity.FileSourcedExternalAccountJsonAsync(expired))
            .ToGoogleCredential().CreateScoped(IdentityFixture.StorageScope);

        var error = await Assert.ThrowsAsync<TokenResponseException>(() => credential.UnderlyingCredential.GetAccessTokenForRequestAsync());

        Assert.Equal("invalid_grant", error.Error.Error);
        Assert.Contains("expired", error.Error.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_workload_identity_provider_is_refused_by_the_sts_with_invalid_target()
    {
        var json = identity.ExternalAccountJson(impersonate: null, audience: "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/azure/providers/other");
        var credential = CredentialFactory.FromJson<UrlSourcedExternalAccountCredential>(json).ToGoogleCredential().CreateScoped(IdentityFixture.StorageScope);

        var error = await Assert.ThrowsAsync<TokenResponseException>(() => credential.UnderlyingCredential.GetAccessTokenForRequestAsync());

        Assert.Equal("invalid_target", error.Error.Error);
        Assert.Contains("providers/other", error.Error.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subject_token_for_an_audience_the_provider_does_not_allow_is_refused()
    {
        var json = identity.ExternalAccountJson(impersonate: null, resource: "api://some-other-app");
        var credential = CredentialFactory.FromJson<UrlSourcedExternalAccountCredential>(json).ToGoogleCredential().CreateScoped(IdentityFixture.StorageScope);

        var error = await Assert.ThrowsAsync<TokenResponseException>(() => credential.UnderlyingCredential.GetAccessTokenForRequestAsync());

        Assert.Equal("invalid_grant", error.Error.Error);
        Assert.Contains("api://some-other-app", error.Error.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compute_credential_gets_a_token_for_the_default_service_account_from_the_metadata_server()
    {
        var credential = new ComputeCredential(new ComputeCredential.Initializer(identity.Url("computeMetadata/v1/instance/service-accounts/default/token")));

        var token = await credential.GetAccessTokenForRequestAsync();

        Assert.True(Tokens.TryValidate("Bearer " + token, out var grant));
        Assert.Equal(IdentityFixture.RuntimeAccount, grant.Principal);
        Assert.Equal(["https://www.googleapis.com/auth/cloud-platform"], grant.Scopes);
    }

    [Fact]
    public async Task Compute_credential_with_scopes_asks_the_metadata_server_for_them()
    {
        var credential = new ComputeCredential(new ComputeCredential.Initializer(identity.Url("computeMetadata/v1/instance/service-accounts/default/token"))
        {
            Scopes = [IdentityFixture.StorageScope, "https://www.googleapis.com/auth/iam"],
        });

        var token = await credential.GetAccessTokenForRequestAsync();

        Assert.True(Tokens.TryValidate("Bearer " + token, out var grant));
        Assert.Equal([IdentityFixture.StorageScope, "https://www.googleapis.com/auth/iam"], grant.Scopes);
    }
}
