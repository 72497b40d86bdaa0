using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Google.Apis.Auth.OAuth2;
using Google.Cloud.Storage.V1;

namespace EpisodeBuilder.GcsEmulator.Tests;

/// <summary>IAM Credentials <c>signBlob</c> and <c>generateAccessToken</c>: who may call them, and what they return.</summary>
public sealed class IamCredentialsTests(IdentityFixture identity) : IClassFixture<IdentityFixture>
{
    [Fact]
    public async Task Url_signed_through_sign_blob_with_a_metadata_token_uploads_and_downloads()
    {
        var bucket = await identity.NewBucketAsync();
        var compute = new ComputeCredential(new ComputeCredential.Initializer(identity.Url("computeMetadata/v1/instance/service-accounts/default/token")));
        var signer = UrlSigner.FromBlobSigner(new IamBlobSigner(identity.Http, IdentityFixture.RuntimeAccount, ct => compute.GetAccessTokenForRequestAsync(cancellationToken: ct)));
        var options = UrlSigner.Options.FromDuration(TimeSpan.FromMinutes(5)).WithScheme("http")
            .WithHost(identity.Server.BaseUri.Host).WithPort(identity.Server.BaseUri.Port).WithUrlStyle(UrlSigner.UrlStyle.PathStyle);
        var template = UrlSigner.RequestTemplate.FromBucket(bucket).WithObjectName("signed/through iam.txt");

        var putUrl = await signer.SignAsync(template.WithHttpMethod(HttpMethod.Put), options);
        using var put = await identity.Http.PutAsync(putUrl, new StringContent("signed by IAM", Encoding.UTF8));
        var getUrl = await signer.SignAsync(template.WithHttpMethod(HttpMethod.Get), options);
        using var get = await identity.Http.GetAsync(getUrl);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("signed by IAM", await get.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sign_blob_signs_with_the_account_key_and_names_its_key_id()
    {
        var token = identity.Server.Tokens.Issue(IdentityFixture.RuntimeAccount, TimeSpan.FromMinutes(5), ["https://www.googleapis.com/auth/cloud-platform"]).Token;
        var payload = "to be signed"u8.ToArray();

        using var response = await PostAsync(IdentityFixture.RuntimeAccount, "signBlob", token, new { payload = Convert.ToBase64String(payload) });
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("dev", body!["keyId"]!.GetValue<string>());
        var key = CredentialFactory.FromJson<ServiceAccountCredential>(identity.Keys[IdentityFixture.RuntimeAccount]);
        Assert.Equal(key.CreateSignature(payload), body["signedBlob"]!.GetValue<string>());
    }

    [Fact]
    public async Task Expired_foreign_or_missing_bearer_tokens_are_refused_with_401()
    {
        var expired = identity.Server.Tokens.Issue(IdentityFixture.RuntimeAccount, TimeSpan.FromSeconds(-1), ["https://www.googleapis.com/auth/cloud-platform"]).Token;
        var signBlob = new { payload = "AAAA" };
        var generate = new { scope = new[] { IdentityFixture.StorageScope }, lifetime = "600s" };

        foreach (var token in new[] { expired, "ya29.issued-by-someone-else", null })
        {
            using var signed = await PostAsync(IdentityFixture.RuntimeAccount, "signBlob", token, signBlob);
            using var generated = await PostAsync(IdentityFixture.RuntimeAccount, "generateAccessToken", token, generate);

            Assert.Equal(HttpStatusCode.Unauthorized, signed.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, generated.StatusCode);
            Assert.Equal("UNAUTHENTICATED", (await generated.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["status"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Acting_as_an_account_the_caller_may_not_impersonate_is_403_and_an_untrusted_account_is_404()
    {
        var runtime = identity.Server.Tokens.Issue(IdentityFixture.RuntimeAccount, TimeSpan.FromMinutes(5), ["https://www.googleapis.com/auth/cloud-platform"]).Token;

        using var forbidden = await PostAsync(IdentityFixture.GuardedAccount, "signBlob", runtime, new { payload = "AAAA" });
        using var notPublisher = await PostAsync(IdentityFixture.PublisherAccount, "generateAccessToken", runtime, new { scope = new[] { IdentityFixture.StorageScope } });
        using var missing = await PostAsync("nobody@episode-builder-test.iam.gserviceaccount.com", "signBlob", runtime, new { payload = "AAAA" });

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notPublisher.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Token_without_a_cloud_platform_or_iam_scope_may_not_sign()
    {
        var storageOnly = identity.Server.Tokens.Issue(IdentityFixture.RuntimeAccount, TimeSpan.FromMinutes(5), [IdentityFixture.StorageScope]).Token;

        using var response = await PostAsync(IdentityFixture.RuntimeAccount, "signBlob", storageOnly, new { payload = "AAAA" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Generate_access_token_returns_a_token_for_the_account_that_expires_when_it_says()
    {
        var federated = identity.Server.Tokens.Issue(IdentityFixture.FederatedPrincipal, TimeSpan.FromMinutes(5), ["https://www.googleapis.com/auth/iam"]).Token;

        using var response = await PostAsync(IdentityFixture.PublisherAccount, "generateAccessToken", federated, new { scope = new[] { IdentityFixture.StorageScope }, lifetime = "600s" });
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(identity.Server.Tokens.TryValidate("Bearer " + body!["accessToken"]!.GetValue<string>(), out var grant));
        Assert.Equal(IdentityFixture.PublisherAccount, grant.Principal);
        var expireTime = DateTimeOffset.Parse(body["expireTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expireTime - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(590), TimeSpan.FromSeconds(601));
    }

    private async Task<HttpResponseMessage> PostAsync(string email, string method, string? token, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/projects/-/serviceAccounts/{Uri.EscapeDataString(email)}:{method}")
        {
            Content = JsonContent.Create(body),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await identity.Http.SendAsync(request);
    }
}
