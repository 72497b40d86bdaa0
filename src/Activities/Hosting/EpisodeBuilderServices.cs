using EpisodeBuilder.Activities.Api;
using EpisodeBuilder.Activities.Editing;
using EpisodeBuilder.Activities.Media;
using EpisodeBuilder.Activities.Publishing;
using EpisodeBuilder.Activities.Speech;
using EpisodeBuilder.Activities.Storage;
using EpisodeBuilder.Activities.Transcription;
using EpisodeBuilder.Media;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EpisodeBuilder.Activities.Hosting;

/// <summary>
/// Registers everything the product's work needs (storage, media engines, activities) from configuration, for
/// the Functions app and the local host alike.
/// </summary>
public static class EpisodeBuilderServices
{
    public static IServiceCollection AddEpisodeBuilder(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEpisodeStorage(configuration);
        services.AddEpisodeMedia(configuration);
        services.AddOptions<PublishingOptions>()
            .Bind(configuration.GetSection(PublishingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<InspectUploadActivity>();
        services.AddSingleton<TranscribeActivity>();
        services.AddSingleton<PlanEditsActivity>();
        services.AddSingleton<CleanAudioActivity>();
        services.AddSingleton<GenerateSegmentActivity>();
        services.AddSingleton<MergeEpisodeActivity>();
        services.AddSingleton<EncodeEpisodeActivity>();
        services.AddSingleton<ExportSnippetsActivity>();
        services.AddSingleton<PublishEpisodeActivity>();
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.SectionName));
        services.AddSingleton<CallerIdentity>();
        services.AddSingleton<EpisodeBuildLock>();
        services.AddSingleton<BuildService>();
        services.AddSingleton<SnippetService>();
        services.AddSingleton<UploadService>();
        return services;
    }
}
