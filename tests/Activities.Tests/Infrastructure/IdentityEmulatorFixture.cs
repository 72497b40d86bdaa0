using System.Text.Json.Nodes;
using EpisodeBuilder.GcsEmulator;
using EpisodeBuilder.GcsEmulator.Signing;
using EpisodeBuilder.Storage;
using EpisodeBuilder.Storage.Workspaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Activities.Tests.Infrastructure;

/// <summary>
/// An emulator that requires authentication as GCS does and plays Google's identity services as production meets them: it trusts a runtime service account
/// (a key file's account, and the metadata server's default) and a publisher account that only the Azure managed
/// identity may impersonate through Workload Identity Federation. Credential files for each mode point every URL at it.
/// </summary>
public sealed class IdentityEmulatorFixture : IAsyncLifetime
{
    public const string RuntimeAccount = "runtime@episode-builder-test.iam.gserviceaccount.com";
    public const string PublisherAccount = "publisher@episode-builder-test.iam.gserviceaccount.com";
    public const string AzureResource = "api://episode-builder-gcs";
    public const string ManagedIdentity = "2f1d7c55-0b7e-4a8e-9a52-1f6c3b9d4e70";
    public const string Provider = "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/azure/providers/app";

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "episode-builder-identity", Guid.NewGuid().ToString("N"));

    public GcsEmulatorServer Emulator { get; private set; } = null!;

    /// <summary>The runtime account's key, with <c>token_uri</c> on the emulator.</summary>
    public string RuntimeKeyFile => Path.Combine(Root, "runtime.json");

    public string Url(string path) => new Uri(Emulator.BaseUri, path).ToString();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        var options = new GcsEmulatorOptions
        {
            Port = 0,
            DataDirectory = Path.Combine(Root, "gcs"),
            // As GCS: every request needs a token the emulator issued, a signature, or a public grant.
            RequireAuthentication = true,
            WorkloadIdentityProvider = Provider,
            WorkloadIdentityAllowedAudiences = { AzureResource },
            ManagedIdentityObjectId = ManagedIdentity,
            MetadataServiceAccount = RuntimeAccount,
            // Short-lived tokens, so the clients under test refresh at every call, as they would over hours in production.
            AccessTokenLifetime = TimeSpan.FromSeconds(10),
            ManagedIdentityTokenLifetime = TimeSpan.FromMinutes(4),
            Impersonation = { [PublisherAccount] = ["principal://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/azure/subject/" + ManagedIdentity, RuntimeAccount] },
        };
        foreach (var account in new[] { RuntimeAccount, PublisherAccount })
        {
            var file = Path.Combine(Root, account.Split('@')[0] + ".json");
            await File.WriteAllTextAsync(file, DevServiceAccount.CreateKeyJson(account));
            options.ServiceAccountKeyFiles.Add(file);
        }

        Emulator = await GcsEmulatorServer.StartAsync(options);
        var key = JsonNode.Parse(await File.ReadAllTextAsync(RuntimeKeyFile))!.AsObject();
        key["token_uri"] = Url("token");
        await File.WriteAllTextAsync(RuntimeKeyFile, key.ToJsonString());
    }

    /// <summary>
    /// The <c>external_account</c> file Google Cloud's console writes for an Azure managed identity (here App Service's
    /// identity endpoint, with its secret header), impersonating the publisher account; every URL on the emulator.
    /// </summary>
    public async Task<string> ExternalAccountFileAsync(bool impersonate = true)
    {
        var json = new JsonObject
        {
            ["type"] = "external_account",
            ["audience"] = Provider,
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:jwt",
            ["token_url"] = Url("v1/token"),
            ["credential_source"] = new JsonObject
            {
                ["url"] = Url($"_azure/msi/token?resource={Uri.EscapeDataString(AzureResource)}&api-version=2019-08-01"),
                ["headers"] = new JsonObject { ["X-IDENTITY-HEADER"] = "local-identity-header" },
                ["format"] = new JsonObject { ["type"] = "json", ["subject_token_field_name"] = "access_token" },
            },
        };
        if (impersonate)
        {
            json["service_account_impersonation_url"] = Url($"v1/projects/-/serviceAccounts/{PublisherAccount}:generateAccessToken");
        }

        var file = Path.Combine(Root, $"external-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, json.ToJsonString());
        return file;
    }

    /// <summary>
    /// Settings of <see cref="CredentialSource.AzureManagedIdentity"/> against this emulator: its provider and STS, the
    /// Entra resource the provider allows, impersonating and signing as <paramref name="account"/>.
    /// </summary>
    public Dictionary<string, string?> ManagedIdentitySettings(string account = PublisherAccount, string provider = Provider, string resource = AzureResource) => new()
    {
        ["Storage:Credentials"] = "AzureManagedIdentity",
        ["Storage:WorkloadIdentityProvider"] = provider,
        ["Storage:AzureTokenResource"] = resource,
        ["Storage:SigningServiceAccount"] = account,
        ["Storage:StsUrl"] = Url("v1/token"),
    };

    /// <summary>
    /// App Service's managed identity environment pointed at this emulator (<c>IDENTITY_ENDPOINT</c>, <c>IDENTITY_HEADER</c>),
    /// for as long as the returned scope lives.
    /// </summary>
    public EnvironmentScope ManagedIdentityEnvironment(string header = "local-identity-header") =>
        new(("IDENTITY_ENDPOINT", Url("_azure/msi/token")), ("IDENTITY_HEADER", header));

    /// <summary>The storage layer configured with <paramref name="settings"/> on a fresh bucket, pointed at this emulator.</summary>
    public ServiceProvider Services(Dictionary<string, string?> settings, out string bucket) =>
        Services(settings, out bucket, (services, configuration) => services.AddEpisodeStorage(configuration));

    /// <summary>
    /// The services <paramref name="register"/> adds, configured with <paramref name="settings"/> on a fresh bucket,
    /// pointed at this emulator.
    /// </summary>
    public ServiceProvider Services(Dictionary<string, string?> settings, out string bucket, Action<IServiceCollection, IConfiguration> register)
    {
        bucket = "c-" + Guid.NewGuid().ToString("N")[..20];
        var all = new Dictionary<string, string?>
        {
            ["STORAGE_EMULATOR_HOST"] = Emulator.BaseUri.ToString(),
            ["Storage:Bucket"] = bucket,
            ["Storage:ProjectId"] = "episode-builder-test",
            ["Storage:IamCredentialsUrl"] = Emulator.BaseUri.ToString(),
            ["Workspace:Root"] = Path.Combine(Root, "ws-" + bucket),
        };
        foreach (var (k, v) in settings)
        {
            all[k] = v;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        register(services, configuration);
        return services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await Emulator.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
