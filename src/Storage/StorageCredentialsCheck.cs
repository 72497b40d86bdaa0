using Google.Apis.Auth.OAuth2;
using Google.Cloud.Storage.V1;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Storage;

/// <summary>
/// Proves at start-up that the app can authenticate to Google and sign URLs, by doing each step once, in order: for
/// federation from Azure, the managed identity's token, Google STS's exchange of it, and the impersonation of the
/// service account; then one signature (IAM signBlob, or the key). The first failure stops the app with Google's (or
/// Azure's) own reason and the setting or grant to fix, instead of failing the first podcaster's upload.
/// </summary>
internal sealed class StorageCredentialsCheck(IServiceProvider services, IOptions<StorageOptions> options, ILogger<StorageCredentialsCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var credentials = (StorageCredentials)services.GetService(typeof(StorageCredentials))!;
        var settings = options.Value;
        var account = settings.SigningServiceAccount;
        string Failure(string what, string fix, Exception e) =>
            $"The app cannot authenticate to Google as configured ({credentials.Description}): {what}: {Reason(e)} {fix}";

        if (credentials.ManagedIdentity is { } managedIdentity)
        {
            await StepAsync(
                () => managedIdentity.TokenAsync(cancellationToken),
                e => Failure(
                    $"the managed identity gave no token for Storage:AzureTokenResource '{settings.AzureTokenResource}'", "Turn the app's managed identity on " +
                    "(the platform then sets IDENTITY_ENDPOINT and IDENTITY_HEADER); for a user-assigned one set Storage:ManagedIdentityClientId.", e));
        }

        if (credentials.FederatedIdentity is { } federated && credentials.Credential?.UnderlyingCredential is ExternalAccountCredential external)
        {
            await StepAsync(
                () => ((ITokenAccess)federated).GetAccessTokenForRequestAsync(cancellationToken: cancellationToken),
                e => Failure(
                    "Google's STS refused to exchange the identity's token", "Check Storage:WorkloadIdentityProvider (the provider's audience, " +
                    "//iam.googleapis.com/projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER), that the provider's issuer is " +
                    "the Entra tenant and its allowed audiences hold Storage:AzureTokenResource, and its attribute mapping (google.subject=assertion.sub).", e));
            if (external.ServiceAccountImpersonationUrl is { } impersonation)
            {
                var target = StorageCredentials.ImpersonatedAccount(impersonation) ?? account;
                await StepAsync(
                    () => ((ITokenAccess)credentials.Credential).GetAccessTokenForRequestAsync(cancellationToken: cancellationToken),
                    e => Failure(
                        $"Google refused to let the federated identity impersonate {target}", "Check that Storage:SigningServiceAccount names an " +
                        "existing service account, and grant the identity's principal (principal://iam.googleapis.com/projects/NUMBER/locations/global/" +
                        "workloadIdentityPools/POOL/subject/{object id}) roles/iam.workloadIdentityUser on it.", e));
            }
        }
        else if (credentials.Credential is { } credential)
        {
            await StepAsync(
                () => ((ITokenAccess)credential).GetAccessTokenForRequestAsync(cancellationToken: cancellationToken),
                e => Failure("no access token", "Check Storage:Credentials and Storage:CredentialsFile.", e));
        }

        await StepAsync(
            () => credentials.Signer.SignAsync(
                UrlSigner.RequestTemplate.FromBucket(settings.Bucket).WithObjectName("episode-builder-start-up-check"), UrlSigner.Options.FromDuration(TimeSpan.FromMinutes(1)), cancellationToken),
            e => $"The app cannot sign URLs as configured ({credentials.Description}): {Reason(e)} Check Storage:SigningServiceAccount (an existing " +
                "service account on which the app's identity holds roles/iam.serviceAccountTokenCreator) or Storage:SigningKeyFile.");
        logger.LogInformation("Storage identity: {Description} (a token and a signature were made at start-up)", credentials.Description);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task StepAsync(Func<Task> step, Func<Exception, string> failure)
    {
        try
        {
            await step();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new StorageCredentialsException(failure(e));
        }
    }

    /// <summary>The messages that say why, innermost last (Google's or Azure's error text beside the client's wrapping).</summary>
    private static string Reason(Exception e)
    {
        var messages = new List<string>();
        for (var current = e; current is not null; current = current.InnerException)
        {
            messages.Add(current.Message.Trim().TrimEnd('.'));
        }

        return string.Join(" ← ", messages.Distinct().Take(3)) + ".";
    }
}
