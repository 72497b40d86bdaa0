using Google.Cloud.Storage.V1;

namespace EpisodeBuilder.Storage;

/// <summary>
/// The one place that builds the <see cref="StorageClient"/>: against the emulator when <c>STORAGE_EMULATOR_HOST</c> is
/// set, otherwise against GCS, with the credentials <see cref="StorageCredentials"/> chose (none only for an emulator).
/// </summary>
public static class StorageClientFactory
{
    public static StorageClient Create(StorageOptions options, StorageCredentials credentials)
    {
        var builder = new StorageClientBuilder();
        if (options.EmulatorBaseUri() is { } emulator)
        {
            builder.BaseUri = emulator.ToString();
        }

        if (credentials.Credential is { } credential)
        {
            builder.Credential = credential;
        }
        else
        {
            builder.UnauthenticatedAccess = true;
        }

        return builder.Build();
    }
}
