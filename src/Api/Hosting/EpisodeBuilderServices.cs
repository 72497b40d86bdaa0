using EpisodeBuilder.Activities.Content;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.Publishing;
using EpisodeBuilder.Activities.Queue;
using EpisodeBuilder.Activities.Reuse;
using EpisodeBuilder.Storage;
using EpisodeBuilder.Media;
using EpisodeBuilder.Orchestration;
using EpisodeBuilder.Orchestration.Workers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Api.Hosting;

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
        services.AddSingleton<PublishedStore>();
        services.AddOptions<InputLimits>()
            .Bind(configuration.GetSection(InputLimits.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<BuildOptions>()
            .Bind(configuration.GetSection(BuildOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BuildOptions>, BuildOptionsCheck>();
        services.AddOptions<BuildQueueOptions>()
            .Bind(configuration.GetSection(BuildQueueOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<UserBuildLine>();
        services.TryAddSingleton(WorkerIdentity.FromEnvironment());
        services.AddSingleton<CancelMarkers>();
        services.AddSingleton<StepRunner>();
        services.AddSingleton(sp => new StepResults(sp.GetRequiredService<ObjectStore>(), sp.GetRequiredService<ILogger<StepResults>>(), sp.GetRequiredService<IOptions<BuildOptions>>().Value.ReuseResults));
        services.AddSingleton<ContentCut>();
        foreach (var step in BuildActivities.All)
        {
            // A step, as its class (for the Functions triggers) and as the interface the runner resolves (which tests may replace).
            services.AddSingleton(step.ActivityType);
            services.TryAddSingleton(typeof(IEpisodeActivity<,>).MakeGenericType(step.InputType, step.OutputType), sp => sp.GetRequiredService(step.ActivityType));
        }

        services.AddCallerIdentity(configuration);
        services.AddSingleton<EpisodeBuildLock>();
        services.AddSingleton<BuildService>();
        services.AddSingleton<BuildStall>();
        services.AddSingleton<SnippetService>();
        services.AddSingleton<UploadService>();
        services.AddSingleton<ReviewService>();
        services.AddSingleton<EpisodeService>();
        return services;
    }
}
