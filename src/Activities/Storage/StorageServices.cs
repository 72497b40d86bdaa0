using EpisodeBuilder.Activities.Workspaces;
using Google.Cloud.Storage.V1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.Storage;

/// <summary>Registers the storage layer and workspaces from configuration, validated at start-up.</summary>
public static class StorageServices
{
    public static IServiceCollection AddEpisodeStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .Configure(o => o.EmulatorHost ??= configuration["STORAGE_EMULATOR_HOST"])
            .ValidateDataAnnotations()
            .Validate(o => o.UploadChunkSize % (256 * 1024) == 0, "Storage:UploadChunkSize must be a multiple of 256 KiB.")
            .Validate(o => string.IsNullOrWhiteSpace(o.SigningKeyFile) || File.Exists(o.SigningKeyFile), "Storage:SigningKeyFile does not exist.")
            .ValidateOnStart();
        services.AddOptions<WorkspaceOptions>()
            .Bind(configuration.GetSection(WorkspaceOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => StorageClientFactory.Create(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton<ObjectStore>();
        services.AddSingleton<SignedUrls>();
        services.AddSingleton<BucketSetup>();
        services.AddSingleton<WorkspaceFactory>();
        services.AddHostedService<WorkspaceSweeper>();
        return services;
    }
}
