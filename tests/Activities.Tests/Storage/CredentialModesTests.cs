using EpisodeBuilder.Activities.Tests.Infrastructure;
using EpisodeBuilder.Storage;
using EpisodeBuilder.Storage.Workspaces;
using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EpisodeBuilder.Activities.Tests.Storage;

/// <summary>
/// Every way the app can hold a Google identity, run through the real Google.Apis.Auth code against the emulator's
/// token, STS, IAM Credentials and metadata endpoints: the storage client authenticates as the expected principal, and
/// a URL signed the configured way (key or IAM signBlob) is accepted by the emulator's V4 verifier.
/// </summary>
[Collection(CredentialModesCollection.Name)]
public sealed class CredentialModesTests(IdentityEmulatorFixture identity)
{
    [Fact]
    public async Task A_service_account_key_authenticates_and_signs_with_its_own_key()
    {
        await using var services = identity.Services(new() { ["Storage:CredentialsFile"] = identity.RuntimeKeyFile }, out var bucket);

        var credentials = services.GetRequiredService<StorageCredentials>();

        Assert.Contains("with the key of " + IdentityEmulatorFixture.RuntimeAccount, credentials.Description, StringComparison.Ordinal);
        await AssertAuthenticatesAsAsync(credentials, IdentityEmulatorFixture.RuntimeAccount);
        await AssertStoresAndSignsAsync(services, bucket);
    }

    [Fact]
    public async Task A_service_account_key_can_sign_through_IAM_signBlob_as_another_account()
    {
        await using var services = identity.Services(new()
        {
            ["Storage:CredentialsFile"] = identity.RuntimeKeyFile,
            ["Storage:SigningServiceAccount"] = IdentityEmulatorFixture.PublisherAccount,
        }, out var bucket);

        var credentials = services.GetRequiredService<StorageCredentials>();

        Assert.Contains("by IAM signBlob as " + IdentityEmulatorFixture.PublisherAccount, credentials.Description, StringComparison.Ordinal);
        await AssertStoresAndSignsAsync(services, bucket, expectedSigner: IdentityEmulatorFixture.PublisherAccount);
    }

    [Fact]
    public async Task Workload_Identity_Federation_from_an_Azure_managed_identity_impersonates_and_signs_keylessly()
    {
        await using var services = identity.Services(new() { ["Storage:CredentialsFile"] = await identity.ExternalAccountFileAsync() }, out var bucket);

        var credentials = services.GetRequiredService<StorageCredentials>();

        Assert.Contains("external_account", credentials.Description, StringComparison.Ordinal);
        Assert.Contains("by IAM signBlob as " + IdentityEmulatorFixture.PublisherAccount, credentials.Description, StringComparison.Ordinal);
        await AssertAuthenticatesAsAsync(credentials, IdentityEmulatorFixture.PublisherAccount);
        await AssertStoresAndSignsAsync(services, bucket, expectedSigner: IdentityEmulatorFixture.PublisherAccount);
    }

    [Fact]
    public async Task Federation_from_the_managed_identity_keeps_working_when_the_platform_rotates_the_identity_header()
    {
        using var environment = identity.ManagedIdentityEnvironment();
        await using var services = identity.Services(identity.ManagedIdentitySettings(), out var bucket);
        await using var fromFile = identity.Services(new() { ["Storage:CredentialsFile"] = await identity.ExternalAccountFileAsync() }, out var fileBucket);
        var credentials = services.GetRequiredService<StorageCredentials>();
        Assert.Contains("Azure managed identity (system-assigned)", credentials.Description, StringComparison.Ordinal);
        await AssertStoresAndSignsAsync(services, bucket, expectedSigner: IdentityEmulatorFixture.PublisherAccount);
        await AssertStoresAndSignsAsync(fromFile, fileBucket, expectedSigner: IdentityEmulatorFixture.PublisherAccount);

        try
        {
            // The platform rotates the secret: the endpoint refuses the old value, and the process sees the new one.
            identity.Emulator.RotateManagedIdentitySecret("rotated-identity-header");
            environment.Set("IDENTITY_HEADER", "rotated-identity-header");
            using (var http = new HttpClient())
            {
                using var stale = new HttpRequestMessage(HttpMethod.Get, identity.Url($"_azure/msi/token?resource={Uri.EscapeDataString(IdentityEmulatorFixture.AzureResource)}&api-version=2019-08-01"));
                stale.Headers.Add("X-IDENTITY-HEADER", "local-identity-header");
                Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.SendAsync(stale)).StatusCode);
            }

            // Uploads and signed URLs go on working, each refresh asking the managed identity with the current header...
            var issuedBefore = identity.Emulator.ManagedIdentityTokensIssued;
            await AssertStoresAndSignsAsync(services, bucket, expectedSigner: IdentityEmulatorFixture.PublisherAccount);
            await AssertAuthenticatesAsAsync(credentials, IdentityEmulatorFixture.PublisherAccount);
            Assert.True(identity.Emulator.ManagedIdentityTokensIssued > issuedBefore, "no managed identity token was asked for after the rotation");

            // ...where a credential file's fixed header is refused at its next refresh.
            await Assert.ThrowsAnyAsync<Exception>(() => fromFile.GetRequiredService<ObjectStore>().WriteTextAsync("u/after-rotation.txt", "x", "text/plain", WriteCondition.Overwrite, CancellationToken.None));
        }
        finally
        {
            identity.Emulator.RotateManagedIdentitySecret("local-identity-header");
        }
    }

    [Theory]
    [InlineData("provider", "Storage:WorkloadIdentityProvider")]
    [InlineData("resource", "Storage:AzureTokenResource")]
    [InlineData("grant", "roles/iam.workloadIdentityUser")]
    [InlineData("account", "Storage:SigningServiceAccount")]
    public async Task A_federation_google_refuses_stops_the_app_at_start_naming_what_to_fix(string wrong, string named)
    {
        using var environment = identity.ManagedIdentityEnvironment();
        var settings = wrong switch
        {
            "provider" => identity.ManagedIdentitySettings(provider: IdentityEmulatorFixture.Provider.Replace("providers/app", "providers/other", StringComparison.Ordinal)),
            "resource" => identity.ManagedIdentitySettings(resource: "api://some-other-app"),
            // The managed identity may impersonate the publisher, not the runtime account.
            "grant" => identity.ManagedIdentitySettings(account: IdentityEmulatorFixture.RuntimeAccount),
            _ => identity.ManagedIdentitySettings(account: "nobody@episode-builder-test.iam.gserviceaccount.com"),
        };

        var refusal = await Assert.ThrowsAsync<StorageCredentialsException>(() => StartHostAsync(settings));

        Assert.Contains("cannot authenticate to Google", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(named, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_whose_identity_may_not_sign_as_the_account_stops_at_start()
    {
        // The runtime key authenticates, but holds no Token Creator role on the publisher, so signBlob is refused.
        var refusal = await Assert.ThrowsAsync<StorageCredentialsException>(() => StartHostAsync(new()
        {
            ["Storage:CredentialsFile"] = identity.RuntimeKeyFile,
            ["Storage:SigningServiceAccount"] = "nobody@episode-builder-test.iam.gserviceaccount.com",
        }));

        Assert.Contains("cannot sign URLs", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:SigningServiceAccount", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_with_working_federation_starts_having_made_a_token_and_a_signature()
    {
        using var environment = identity.ManagedIdentityEnvironment();

        using var host = await StartHostAsync(identity.ManagedIdentitySettings());

        await host.StopAsync();
    }

    private async Task<Microsoft.Extensions.Hosting.IHost> StartHostAsync(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new());
        var all = new Dictionary<string, string?>
        {
            ["STORAGE_EMULATOR_HOST"] = identity.Emulator.BaseUri.ToString(),
            ["Storage:Bucket"] = "start-up-check",
            ["Storage:IamCredentialsUrl"] = identity.Emulator.BaseUri.ToString(),
            ["Workspace:Root"] = Path.Combine(identity.Root, "ws-start-" + Guid.NewGuid().ToString("N")[..8]),
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(all);
        builder.Services.AddLogging().AddEpisodeStorage(builder.Configuration);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    [Fact]
    public async Task Application_default_credentials_on_Google_Cloud_use_the_metadata_server_and_sign_through_signBlob()
    {
        // ADC finds Google Cloud by asking the metadata server named by GCE_METADATA_HOST (process-wide, hence the
        // collection that runs alone); the emulator answers as Compute Engine's would.
        Assert.Null(Environment.GetEnvironmentVariable("GOOGLE_APPLICATION_CREDENTIALS"));
        Environment.SetEnvironmentVariable("GCE_METADATA_HOST", identity.Emulator.BaseUri.Authority);
        try
        {
            await using var services = identity.Services(new()
            {
                ["Storage:Credentials"] = "ApplicationDefault",
                ["Storage:SigningServiceAccount"] = IdentityEmulatorFixture.RuntimeAccount,
            }, out var bucket);

            var credentials = services.GetRequiredService<StorageCredentials>();

            Assert.IsType<ComputeCredential>(credentials.Credential!.UnderlyingCredential);
            await AssertAuthenticatesAsAsync(credentials, IdentityEmulatorFixture.RuntimeAccount);
            await AssertStoresAndSignsAsync(services, bucket, expectedSigner: IdentityEmulatorFixture.RuntimeAccount);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GCE_METADATA_HOST", null);
        }
    }

    [Fact]
    public async Task Federation_without_impersonation_refuses_to_start_naming_the_signing_setting()
    {
        await using var services = identity.Services(new() { ["Storage:CredentialsFile"] = await identity.ExternalAccountFileAsync(impersonate: false) }, out _);

        var refusal = Assert.Throws<StorageCredentialsException>(() => services.GetRequiredService<StorageCredentials>());

        Assert.Contains("Storage:SigningServiceAccount", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_credentials_outside_an_emulator_refuses_to_start_naming_the_setting()
    {
        await using var services = identity.Services(new() { ["STORAGE_EMULATOR_HOST"] = string.Empty, ["Storage:PublicBucket"] = "some-public-bucket", ["Storage:Credentials"] = "None" }, out _);

        var refusal = Assert.Throws<StorageCredentialsException>(() => services.GetRequiredService<StorageCredentials>());

        Assert.Contains("Storage:Credentials", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_that_cannot_sign_stops_at_start_naming_the_setting()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["STORAGE_EMULATOR_HOST"] = identity.Emulator.BaseUri.ToString(),
            ["Storage:Bucket"] = "never-used",
            ["Storage:CredentialsFile"] = await identity.ExternalAccountFileAsync(impersonate: false),
            ["Workspace:Root"] = Path.Combine(identity.Root, "ws-start"),
        });
        builder.Services.AddLogging().AddEpisodeStorage(builder.Configuration);
        using var host = builder.Build();

        var refusal = await Assert.ThrowsAsync<StorageCredentialsException>(() => host.StartAsync());

        Assert.Contains("Storage:SigningServiceAccount", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_credential_file_is_refused_naming_what_it_must_be()
    {
        var file = Path.Combine(identity.Root, "user.json");
        await File.WriteAllTextAsync(file, """{ "type": "authorized_user", "client_id": "x", "client_secret": "y", "refresh_token": "z" }""");
        await using var services = identity.Services(new() { ["Storage:CredentialsFile"] = file }, out _);

        var refusal = Assert.Throws<StorageCredentialsException>(() => services.GetRequiredService<StorageCredentials>());

        Assert.Contains("external_account", refusal.Message, StringComparison.Ordinal);
    }

    private async Task AssertAuthenticatesAsAsync(StorageCredentials credentials, string principal)
    {
        var token = await ((ITokenAccess)credentials.Credential!).GetAccessTokenForRequestAsync();
        Assert.True(identity.Emulator.Tokens.TryValidate("Bearer " + token, out var grant), "the emulator did not issue the storage client's token");
        Assert.Equal(principal, grant!.Principal);
    }

    private async Task AssertStoresAndSignsAsync(ServiceProvider services, string bucket, string? expectedSigner = null)
    {
        await services.GetRequiredService<BucketSetup>().EnsureAsync(createIfMissing: true, CancellationToken.None);
        var store = services.GetRequiredService<ObjectStore>();
        // In the fixture's folder, which it deletes whatever the test's outcome.
        var file = Path.Combine(identity.Root, $"signed-{bucket}.txt");
        await File.WriteAllTextAsync(file, "signed through " + bucket);
        await store.UploadFileAsync(file, "u/signed.txt", "text/plain");

        var url = await services.GetRequiredService<SignedUrls>().ForReadAsync("u/signed.txt");
        if (expectedSigner is not null)
        {
            Assert.Contains(Uri.EscapeDataString(expectedSigner), url.Url, StringComparison.Ordinal);
        }

        using var http = new HttpClient();
        Assert.Equal("signed through " + bucket, await http.GetStringAsync(url.Url));
    }
}

/// <summary>Credential-mode tests run alone: one of them sets the process-wide <c>GCE_METADATA_HOST</c>.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CredentialModesCollection : ICollectionFixture<IdentityEmulatorFixture>
{
    public const string Name = "Credential modes";
}
