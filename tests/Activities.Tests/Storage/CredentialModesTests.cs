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
