using System.Text.Json.Nodes;
using EpisodeBuilder.GcsEmulator.Signing;
using Google.Cloud.Storage.V1;

namespace EpisodeBuilder.GcsEmulator.Tests;

/// <summary>
/// An emulator that trusts three service accounts (the first is the metadata server's default), accepts Azure tokens
/// for one audience, and lets only the Azure managed identity act as the publisher account; with the key JSON and
/// credential configurations the tests hand to the real Google.Apis.Auth.
/// </summary>
public sealed class IdentityFixture : IAsyncLifetime
{
    public const string RuntimeAccount = "runtime@episode-builder-test.iam.gserviceaccount.com";
    public const string PublisherAccount = "publisher@episode-builder-test.iam.gserviceaccount.com";
    public const string GuardedAccount = "guarded@episode-builder-test.iam.gserviceaccount.com";
    public const string AzureResource = "api://episode-builder-gcs";
    public const string ManagedIdentityObjectId = "2f1d7c55-0b7e-4a8e-9a52-1f6c3b9d4e70";
    public const string Provider = "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/azure/providers/app";
    public const string FederatedPrincipal = "principal://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/azure/subject/" + ManagedIdentityObjectId;
    public const string StorageScope = "https://www.googleapis.com/auth/devstorage.read_write";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gcs-identity-" + Guid.NewGuid().ToString("N"));

    public GcsEmulatorServer Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public StorageClient Storage { get; private set; } = null!;

    /// <summary>Key JSON by account email, each with <c>token_uri</c> pointing at the emulator.</summary>
    public IReadOnlyDictionary<string, string> Keys { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var options = new GcsEmulatorOptions
        {
            Port = 0,
            WorkloadIdentityProvider = Provider,
            WorkloadIdentityAllowedAudiences = { AzureResource },
            Impersonation =
            {
                [PublisherAccount] = [FederatedPrincipal],
                [GuardedAccount] = [],
            },
            ManagedIdentityObjectId = ManagedIdentityObjectId,
        };
        var keys = new Dictionary<string, string>();
        foreach (var account in new[] { RuntimeAccount, PublisherAccount, GuardedAccount })
        {
            var file = Path.Combine(_folder, account.Split('@')[0] + ".json");
            keys[account] = DevServiceAccount.CreateKeyJson(account);
            await File.WriteAllTextAsync(file, keys[account]);
            options.ServiceAccountKeyFiles.Add(file);
        }

        Server = await GcsEmulatorServer.StartAsync(options);
        Http = new HttpClient { BaseAddress = Server.BaseUri };
        Storage = new StorageClientBuilder { BaseUri = Server.BaseUri.ToString(), UnauthenticatedAccess = true }.Build();
        Keys = keys.ToDictionary(k => k.Key, k => WithTokenUri(k.Value, Url("token")));
    }

    public string Url(string path) => new Uri(Server.BaseUri, path).ToString();

    /// <summary>
    /// An <c>external_account</c> configuration as Google Cloud's console writes it for an Azure managed identity, with
    /// every URL on the emulator.
    /// </summary>
    public string ExternalAccountJson(
        string? impersonate = PublisherAccount,
        string identityHeader = "local-identity-header",
        string resource = AzureResource,
        string audience = Provider)
    {
        var json = new JsonObject
        {
            ["type"] = "external_account",
            ["audience"] = audience,
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:jwt",
            ["token_url"] = Url("v1/token"),
            ["credential_source"] = new JsonObject
            {
                ["url"] = Url($"_azure/msi/token?resource={Uri.EscapeDataString(resource)}&api-version=2019-08-01"),
                ["headers"] = new JsonObject { ["X-IDENTITY-HEADER"] = identityHeader },
                ["format"] = new JsonObject { ["type"] = "json", ["subject_token_field_name"] = "access_token" },
            },
        };
        if (impersonate is not null)
        {
            json["service_account_impersonation_url"] = Url($"v1/projects/-/serviceAccounts/{impersonate}:generateAccessToken");
        }

        return json.ToJsonString();
    }

    /// <summary>An <c>external_account</c> configuration whose subject token is read from a file (text format).</summary>
    public async Task<string> FileSourcedExternalAccountJsonAsync(string subjectToken)
    {
        var file = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".jwt");
        await File.WriteAllTextAsync(file, subjectToken);
        return new JsonObject
        {
            ["type"] = "external_account",
            ["audience"] = Provider,
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:jwt",
            ["token_url"] = Url("v1/token"),
            ["credential_source"] = new JsonObject { ["file"] = file },
        }.ToJsonString();
    }

    public async Task<string> NewBucketAsync()
    {
        var name = $"identity-{Guid.NewGuid():N}"[..30];
        await Storage.CreateBucketAsync("test-project", name);
        return name;
    }

    public async Task DisposeAsync()
    {
        Storage.Dispose();
        Http.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static string WithTokenUri(string keyJson, string tokenUri)
    {
        var json = JsonNode.Parse(keyJson)!.AsObject();
        json["token_uri"] = tokenUri;
        return json.ToJsonString();
    }
}
