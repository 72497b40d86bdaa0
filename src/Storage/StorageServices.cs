using EpisodeBuilder.Storage.Workspaces;
using Google.Cloud.Storage.V1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Storage;

/// <summary>Registers the storage layer and workspaces from configuration, validated at start-up.</summary>
public static class StorageServices
{
    /// <summary>Calls the IAM Credentials API (signBlob) for every signer of the process.</summary>
    private static readonly HttpClient SigningHttp = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static IServiceCollection AddEpisodeStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .Configure(o => o.EmulatorHost ??= configuration["STORAGE_EMULATOR_HOST"])
            .ValidateDataAnnotations()
            .Validate(o => o.UploadChunkSize % (256 * 1024) == 0, "Storage:UploadChunkSize must be a multiple of 256 KiB.")
            .Validate(o => o.EmulatorBaseUri() is not null || !string.IsNullOrWhiteSpace(o.PublicBucket), "Storage:PublicBucket is required against GCS: podcast apps read episodes and feeds from it anonymously, while Storage:Bucket stays private.")
            .Validate(o => o.PublicBucket != o.Bucket, "Storage:PublicBucket must not be Storage:Bucket: that one holds uploads and must stay private.")
            .Validate(o => o.EmulatorBaseUri() is not null || !o.CorsOrigins.Contains("*"), "Storage:CorsOrigins must name the origins of the page and players; '*' is allowed only against the emulator.")
            .ValidateOnStart();
        services.AddOptions<WorkspaceOptions>()
            .Bind(configuration.GetSection(WorkspaceOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => StorageCredentials.Resolve(sp.GetRequiredService<IOptions<StorageOptions>>().Value, SigningHttp));
        services.AddHostedService<StorageCredentialsCheck>();
        services.AddSingleton(sp => StorageClientFactory.Create(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<StorageCredentials>()));
        services.AddSingleton<ObjectStore>();
        services.AddSingleton<SignedUrls>();
        services.AddSingleton<BucketSetup>();
        services.AddSingleton<WorkspaceFactory>();
        services.AddHostedService<WorkspaceSweeper>();
        return services;
    }
}
