using Google.Apis.Auth.OAuth2;
using Google.Cloud.Storage.V1;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.Storage;

/// <summary>
/// The one place that builds the <see cref="StorageClient"/>: against the emulator when
/// <c>STORAGE_EMULATOR_HOST</c> is set (unauthenticated, as the client's own emulator detection does), otherwise
/// against GCS with a key file or the application default credentials.
/// </summary>
public static class StorageClientFactory
{
    public static StorageClient Create(StorageOptions options)
    {
        if (options.EmulatorBaseUri() is { } emulator)
        {
            return new StorageClientBuilder { BaseUri = emulator.ToString(), UnauthenticatedAccess = true }.Build();
        }

        if (!string.IsNullOrWhiteSpace(options.CredentialsFile))
        {
            if (!File.Exists(options.CredentialsFile))
            {
                throw new OptionsValidationException(nameof(StorageOptions.CredentialsFile), typeof(StorageOptions), [$"Storage:CredentialsFile '{options.CredentialsFile}' does not exist."]);
            }

            return new StorageClientBuilder { Credential = CredentialFactory.FromFile<ServiceAccountCredential>(options.CredentialsFile).ToGoogleCredential() }.Build();
        }

        return StorageClient.Create();
    }
}
