using System.Text.Json.Nodes;
using EpisodeBuilder.GcsEmulator.Signing;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Storage.v1.Data;
using Google.Cloud.Storage.V1;

namespace EpisodeBuilder.GcsEmulator.Tests;

/// <summary>
/// An emulator that requires authentication, as GCS does: a storage client whose service account key exchanges its
/// assertion at the emulator's <c>/token</c>, an anonymous client and an anonymous <see cref="HttpClient"/> (a podcast
/// app), and buckets made private or public (<c>allUsers</c> as <c>roles/storage.objectViewer</c>) per test.
/// </summary>
public sealed class AccessControlFixture : IAsyncLifetime
{
    public const string Account = "publisher@episode-builder-test.iam.gserviceaccount.com";
    public const string FullControl = "https://www.googleapis.com/auth/devstorage.full_control";
    public const string ObjectViewer = "roles/storage.objectViewer";

    private int _buckets;

    public GcsEmulatorServer Server { get; private set; } = null!;

    /// <summary>The service account key JSON, its <c>token_uri</c> pointing at the emulator.</summary>
    public string KeyJson { get; private set; } = null!;

    public GoogleCredential Credential { get; private set; } = null!;

    /// <summary>What the app uses: the real client with the service account credential.</summary>
    public StorageClient Storage { get; private set; } = null!;

    /// <summary>The real client without credentials.</summary>
    public StorageClient Anonymous { get; private set; } = null!;

    /// <summary>A caller with no credentials at all, as podcast apps and browsers are.</summary>
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await GcsEmulatorServer.StartAsync(new GcsEmulatorOptions { Port = 0, RequireAuthentication = true });
        var key = JsonNode.Parse(DevServiceAccount.CreateKeyJson(Account))!.AsObject();
        key["token_uri"] = new Uri(Server.BaseUri, "token").ToString();
        KeyJson = key.ToJsonString();
        Server.TrustServiceAccount(KeyJson);
        Credential = CredentialFactory.FromJson<ServiceAccountCredential>(KeyJson).ToGoogleCredential().CreateScoped(FullControl);
        Storage = new StorageClientBuilder { BaseUri = Server.BaseUri.ToString(), Credential = Credential }.Build();
        Anonymous = new StorageClientBuilder { BaseUri = Server.BaseUri.ToString(), UnauthenticatedAccess = true }.Build();
        Http = new HttpClient { BaseAddress = Server.BaseUri };
    }

    /// <summary>A bucket of the test's own; a public one grants <c>allUsers</c> <c>roles/storage.objectViewer</c>.</summary>
    public async Task<string> NewBucketAsync(bool publicRead = false)
    {
        var name = $"access-{Interlocked.Increment(ref _buckets)}-{Guid.NewGuid():N}"[..40];
        await Storage.CreateBucketAsync("test-project", new Bucket
        {
            Name = name,
            IamConfiguration = new Bucket.IamConfigurationData
            {
                UniformBucketLevelAccess = new Bucket.IamConfigurationData.UniformBucketLevelAccessData { Enabled = true },
                PublicAccessPrevention = publicRead ? "inherited" : "enforced",
            },
        });
        if (publicRead)
        {
            var policy = await Storage.GetBucketIamPolicyAsync(name);
            policy.Bindings.Add(new Policy.BindingsData { Role = ObjectViewer, Members = ["allUsers"] });
            await Storage.SetBucketIamPolicyAsync(name, policy);
        }

        return name;
    }

    public async Task<string> AccessTokenAsync() => await Credential.UnderlyingCredential.GetAccessTokenForRequestAsync();

    public async Task DisposeAsync()
    {
        Storage.Dispose();
        Anonymous.Dispose();
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
