using System.Net;
using Google.Apis.Auth.OAuth2;

namespace EpisodeBuilder.GcsEmulator.Tests;

/// <summary>Tests that set process-wide environment variables run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment";
}

/// <summary>
/// The emulator as the Compute Engine metadata server: the header it requires and returns, and the detection request
/// application default credentials send (<c>GET http://$GCE_METADATA_HOST</c> with <c>Metadata-Flavor: Google</c>).
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class MetadataServerTests(IdentityFixture identity) : IClassFixture<IdentityFixture>
{
    private const string MetadataHostVariable = "GCE_METADATA_HOST";

    [Fact]
    public async Task Metadata_requests_without_the_flavor_header_are_refused_with_403()
    {
        using var response = await identity.Http.GetAsync("computeMetadata/v1/instance/service-accounts/default/token");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(["Google"], response.Headers.GetValues("Metadata-Flavor"));
    }

    [Fact]
    public async Task Metadata_answers_email_and_project_with_the_flavor_header()
    {
        using var email = await GetAsync("computeMetadata/v1/instance/service-accounts/default/email", flavored: true);
        using var project = await GetAsync("computeMetadata/v1/project/project-id", flavored: true);

        Assert.Equal(IdentityFixture.RuntimeAccount, await email.Content.ReadAsStringAsync());
        Assert.Equal("episode-builder-local", await project.Content.ReadAsStringAsync());
        Assert.Equal(["Google"], email.Headers.GetValues("Metadata-Flavor"));
        Assert.Equal(["Google"], project.Headers.GetValues("Metadata-Flavor"));
    }

    [Fact]
    public async Task Root_answers_as_the_metadata_server_only_when_asked_with_the_flavor_header()
    {
        using var flavored = await GetAsync(string.Empty, flavored: true);
        using var plain = await GetAsync(string.Empty, flavored: false);

        Assert.Equal(HttpStatusCode.OK, flavored.StatusCode);
        Assert.Equal(["Google"], flavored.Headers.GetValues("Metadata-Flavor"));
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.False(plain.Headers.Contains("Metadata-Flavor"));
    }

    [Fact]
    public async Task Application_default_credentials_detect_the_emulator_through_gce_metadata_host()
    {
        var previous = Environment.GetEnvironmentVariable(MetadataHostVariable);
        Environment.SetEnvironmentVariable(MetadataHostVariable, identity.Server.BaseUri.Authority);
        try
        {
            // What GoogleCredential.GetApplicationDefaultAsync does once no key file is configured: detect, then use a
            // ComputeCredential whose URLs all come from GCE_METADATA_HOST.
            Assert.True(await ComputeCredential.IsRunningOnComputeEngine());
            var credential = new ComputeCredential();

            var token = await credential.GetAccessTokenForRequestAsync();

            Assert.Equal(IdentityFixture.RuntimeAccount, await credential.GetDefaultServiceAccountEmailAsync());
            Assert.True(identity.Server.Tokens.TryValidate("Bearer " + token, out var grant));
            Assert.Equal(IdentityFixture.RuntimeAccount, grant.Principal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(MetadataHostVariable, previous);
        }
    }

    private async Task<HttpResponseMessage> GetAsync(string path, bool flavored)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (flavored)
        {
            request.Headers.Add("Metadata-Flavor", "Google");
        }

        return await identity.Http.SendAsync(request);
    }
}
