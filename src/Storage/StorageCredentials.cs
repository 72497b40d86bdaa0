using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using Google.Cloud.Storage.V1;

namespace EpisodeBuilder.Storage;

/// <summary>Where the app's Google credentials come from (<c>Storage:Credentials</c>).</summary>
public enum CredentialSource
{
    /// <summary><c>Storage:CredentialsFile</c> when set; else none against the emulator; else application default credentials.</summary>
    Auto,

    /// <summary>No credentials: unauthenticated requests, only against an emulator that allows them (local runs).</summary>
    None,

    /// <summary>The JSON file in <c>Storage:CredentialsFile</c>: a service account key, or an <c>external_account</c> configuration (Workload Identity Federation).</summary>
    File,

    /// <summary>Google's application default credentials: the metadata server on Google Cloud, or <c>GOOGLE_APPLICATION_CREDENTIALS</c>.</summary>
    ApplicationDefault,

    /// <summary>
    /// Workload Identity Federation from the Azure managed identity the app runs as (App Service, Functions, Container Apps):
    /// a fresh managed identity token for <c>Storage:AzureTokenResource</c> at each refresh, exchanged at Google's STS for
    /// <c>Storage:WorkloadIdentityProvider</c>, impersonating <c>Storage:SigningServiceAccount</c>. No file, no key.
    /// </summary>
    AzureManagedIdentity,
}

/// <summary>
/// The app's Google identity, worked out once at start-up from <see cref="StorageOptions"/>: the credential the storage
/// client calls with, and how V4 URLs are signed. Signing is by a key file (local runs, or a service account key), or by
/// the IAM Credentials <c>signBlob</c> API as a service account (keyless: Workload Identity Federation from Azure,
/// the metadata server on Google Cloud). A configuration that cannot sign is refused with the setting to change,
/// before the app serves anything.
/// </summary>
public sealed class StorageCredentials
{
    /// <summary>Covers Cloud Storage and the IAM Credentials API (signBlob needs more than a storage scope).</summary>
    public const string Scope = "https://www.googleapis.com/auth/cloud-platform";

    private StorageCredentials(GoogleCredential? credential, UrlSigner signer, string description, AzureManagedIdentitySubjectToken? managedIdentity)
    {
        ManagedIdentity = managedIdentity;
        Credential = credential;
        Signer = signer;
        Description = description;
    }

    /// <summary>The credential of storage requests; null for unauthenticated requests to an emulator.</summary>
    public GoogleCredential? Credential { get; }

    /// <summary>With <see cref="CredentialSource.AzureManagedIdentity"/>: where the federation's subject token comes from (the start-up check asks it first).</summary>
    public AzureManagedIdentitySubjectToken? ManagedIdentity { get; }

    /// <summary>
    /// With <see cref="CredentialSource.AzureManagedIdentity"/>: the same federation stopping at Google's STS, without the
    /// impersonation (the start-up check exchanges through it, so a refusal says which step refused).
    /// </summary>
    public GoogleCredential? FederatedIdentity { get; private init; }

    /// <summary>Signs the product's V4 URLs.</summary>
    public UrlSigner Signer { get; }

    /// <summary>What was chosen, for the start-up log, e.g. "external_account impersonating a@b; URLs signed by IAM signBlob as a@b".</summary>
    public string Description { get; }

    public static StorageCredentials Resolve(StorageOptions options, HttpClient http)
    {
        AzureManagedIdentitySubjectToken? managedIdentity = null;
        GoogleCredential? federated = null;
        var (credential, source) = options.Credentials == CredentialSource.AzureManagedIdentity ? FromAzureManagedIdentity(options, out managedIdentity, out federated) : Load(options);
        var (signer, signing) = ChooseSigner(options, credential, http);
        return new StorageCredentials(credential, signer, $"{source}; URLs signed {signing}", managedIdentity) { FederatedIdentity = federated };
    }

    private static (GoogleCredential? Credential, string Description) Load(StorageOptions options)
    {
        var source = options.Credentials;
        if (source == CredentialSource.Auto)
        {
            source = !string.IsNullOrWhiteSpace(options.CredentialsFile) ? CredentialSource.File
                : options.EmulatorBaseUri() is not null ? CredentialSource.None
                : CredentialSource.ApplicationDefault;
        }

        switch (source)
        {
            case CredentialSource.None:
                if (options.EmulatorBaseUri() is null)
                {
                    throw Refuse("Storage:Credentials is None, which only an emulator (STORAGE_EMULATOR_HOST) accepts. Set Storage:CredentialsFile or use ApplicationDefault.");
                }

                return (null, "no credentials (emulator)");
            case CredentialSource.File:
                return FromFile(options.CredentialsFile);
            default:
                try
                {
                    var adc = GoogleCredential.GetApplicationDefault().CreateScoped(Scope);
                    return (adc, $"application default credentials ({adc.UnderlyingCredential.GetType().Name})");
                }
                catch (InvalidOperationException e)
                {
                    throw Refuse($"No Google credentials: {e.Message} Set Storage:CredentialsFile to a service account key or an external_account configuration (Workload Identity Federation).");
                }
        }
    }

    private static (GoogleCredential, string) FromAzureManagedIdentity(StorageOptions options, out AzureManagedIdentitySubjectToken subjectToken, out GoogleCredential federated)
    {
        var missing = new[]
        {
            ("Storage:WorkloadIdentityProvider", options.WorkloadIdentityProvider),
            ("Storage:AzureTokenResource", options.AzureTokenResource),
            ("Storage:SigningServiceAccount", options.SigningServiceAccount),
        }.Where(s => string.IsNullOrWhiteSpace(s.Item2)).Select(s => s.Item1).ToList();
        if (missing.Count > 0)
        {
            throw Refuse($"Storage:Credentials is AzureManagedIdentity, which needs {string.Join(", ", missing)}: the provider's audience " +
                "(//iam.googleapis.com/projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER), the Entra application ID URI " +
                "the provider allows, and the service account to impersonate and sign as.");
        }

        var azure = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
            ? new Azure.Identity.ManagedIdentityCredential(Azure.Identity.ManagedIdentityId.SystemAssigned)
            : new Azure.Identity.ManagedIdentityCredential(Azure.Identity.ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));
        var iam = options.IamCredentialsUrl.TrimEnd('/');
        subjectToken = new AzureManagedIdentitySubjectToken(azure, options.AzureTokenResource!);
        var initializer = new ProgrammaticExternalAccountCredential.Initializer(
            options.StsUrl, options.WorkloadIdentityProvider, AzureManagedIdentitySubjectToken.TokenType, subjectToken)
        {
            ServiceAccountImpersonationUrl = $"{iam}/v1/projects/-/serviceAccounts/{Uri.EscapeDataString(options.SigningServiceAccount!)}:generateAccessToken",
        };
        var credential = GoogleCredential.FromProgrammaticExternalAccountCredential(new ProgrammaticExternalAccountCredential(initializer)).CreateScoped(Scope);
        federated = GoogleCredential.FromProgrammaticExternalAccountCredential(new ProgrammaticExternalAccountCredential(
            new ProgrammaticExternalAccountCredential.Initializer(options.StsUrl, options.WorkloadIdentityProvider, AzureManagedIdentitySubjectToken.TokenType, subjectToken))).CreateScoped(Scope);
        var identity = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) ? "system-assigned" : $"user-assigned {options.ManagedIdentityClientId}";
        return (credential, $"Azure managed identity ({identity}) federated through {options.WorkloadIdentityProvider}, impersonating {options.SigningServiceAccount}");
    }

    private static (GoogleCredential, string) FromFile(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            throw Refuse($"Storage:CredentialsFile '{path}' does not exist.");
        }

        var json = File.ReadAllText(path);
        string? type;
        try
        {
            using var document = JsonDocument.Parse(json);
            type = document.RootElement.TryGetProperty("type", out var t) ? t.GetString() : null;
        }
        catch (JsonException e)
        {
            throw Refuse($"Storage:CredentialsFile '{path}' is not JSON: {e.Message}");
        }

        return type switch
        {
            JsonCredentialParameters.ServiceAccountCredentialType => Scoped(CredentialFactory.FromJson<ServiceAccountCredential>(json).ToGoogleCredential(), "service account key"),
            JsonCredentialParameters.ExternalAccountCredentialType => Scoped(CredentialFactory.FromJson(json, JsonCredentialParameters.ExternalAccountCredentialType), "external_account (Workload Identity Federation)"),
            _ => throw Refuse($"Storage:CredentialsFile '{path}' holds a '{type}' credential; it must be a service account key (type service_account) or a Workload Identity Federation configuration (type external_account)."),
        };

        static (GoogleCredential, string) Scoped(GoogleCredential credential, string what) => (credential.CreateScoped(Scope), what);
    }

    private static (UrlSigner, string) ChooseSigner(StorageOptions options, GoogleCredential? credential, HttpClient http)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKeyFile))
        {
            if (!File.Exists(options.SigningKeyFile))
            {
                throw Refuse($"Storage:SigningKeyFile '{options.SigningKeyFile}' does not exist.");
            }

            var key = CredentialFactory.FromFile<ServiceAccountCredential>(options.SigningKeyFile);
            return (UrlSigner.FromCredential(key), $"with the key of {key.Id} (Storage:SigningKeyFile)");
        }

        var account = options.SigningServiceAccount;
        if (string.IsNullOrWhiteSpace(account))
        {
            switch (credential?.UnderlyingCredential)
            {
                case ServiceAccountCredential key:
                    return (UrlSigner.FromCredential(key), $"with the key of {key.Id} (Storage:CredentialsFile)");
                case ExternalAccountCredential { ServiceAccountImpersonationUrl: { } impersonation }:
                    account = ImpersonatedAccount(impersonation);
                    break;
            }
        }

        if (string.IsNullOrWhiteSpace(account))
        {
            throw Refuse(
                "The app cannot sign URLs: set Storage:SigningServiceAccount to the service account that signs through IAM signBlob " +
                "(the app's identity needs the Service Account Token Creator role on it), or Storage:SigningKeyFile to a key.");
        }

        if (credential is null)
        {
            throw Refuse("Storage:SigningServiceAccount needs credentials to call IAM signBlob with: set Storage:CredentialsFile or Storage:Credentials.");
        }

        var iam = new Uri(options.IamCredentialsUrl.TrimEnd('/') + "/");
        return (UrlSigner.FromBlobSigner(new IamSignBlobSigner(credential, account, iam, http)), $"by IAM signBlob as {account} at {iam}");
    }

    /// <summary>The service account in an impersonation URL (<c>.../serviceAccounts/{email}:generateAccessToken</c>).</summary>
    internal static string? ImpersonatedAccount(string url)
    {
        var last = Uri.UnescapeDataString(url[(url.LastIndexOf('/') + 1)..]);
        var colon = last.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && last.Contains('@', StringComparison.Ordinal) ? last[..colon] : null;
    }

    private static StorageCredentialsException Refuse(string message) => new(message);
}

/// <summary>The storage settings name no usable Google identity, or no way to sign URLs; the message names the setting.</summary>
public sealed class StorageCredentialsException(string message) : Exception(message);
