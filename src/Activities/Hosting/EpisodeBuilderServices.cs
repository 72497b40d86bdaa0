using EpisodeBuilder.Activities.Api;
using EpisodeBuilder.Activities.Builds;
using EpisodeBuilder.Activities.Editing;
using EpisodeBuilder.Activities.Media;
using EpisodeBuilder.Activities.Publishing;
using EpisodeBuilder.Activities.Speech;
using EpisodeBuilder.Activities.Storage;
using EpisodeBuilder.Activities.Transcription;
using EpisodeBuilder.Media;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        services.AddSingleton<PublishedStore>();
        services.AddOptions<BuildOptions>()
            .Bind(configuration.GetSection(BuildOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(WorkerIdentity.FromEnvironment());
        services.AddSingleton<CancelMarkers>();
        services.AddSingleton<StepRunner>();
        services.AddSingleton<AllocationBudget>();
        services.AddHostedService(sp => sp.GetRequiredService<AllocationBudget>());
        services.AddSingleton<NativeHeapTrimmer>();
        services.AddHostedService(sp => sp.GetRequiredService<NativeHeapTrimmer>());
        services.AddStep<InspectUploadActivity, InspectUploadInput, InspectUploadOutput>();
        services.AddStep<TranscribeChunkActivity, TranscribeChunkInput, TranscribeChunkOutput>();
        services.AddStep<TranscribeActivity, TranscribeInput, TranscribeOutput>();
        services.AddStep<PlanEditsActivity, PlanEditsInput, PlanEditsOutput>();
        services.AddSingleton<ContentCut>();
        services.AddStep<CleanAudioActivity, CleanAudioInput, CleanAudioOutput>();
        services.AddStep<GenerateSegmentActivity, GenerateSegmentInput, GenerateSegmentOutput>();
        services.AddStep<MergeEpisodeActivity, MergeEpisodeInput, MergeEpisodeOutput>();
        services.AddStep<EncodeEpisodeActivity, EncodeEpisodeInput, EncodeEpisodeOutput>();
        services.AddStep<ExportSnippetsActivity, ExportSnippetsInput, ExportSnippetsOutput>();
        services.AddStep<PublishEpisodeActivity, PublishEpisodeInput, PublishEpisodeOutput>();
        services.AddStep<ComputePeaksActivity, ComputePeaksInput, ComputePeaksOutput>();
        services.AddStep<WriteChaptersActivity, WriteChaptersInput, WriteChaptersOutput>();
        services.AddStep<ApplyReviewActivity, ApplyReviewInput, ApplyReviewOutput>();
        services.AddCallerIdentity(configuration);
        services.AddSingleton<EpisodeBuildLock>();
        services.AddSingleton<BuildService>();
        services.AddSingleton<SnippetService>();
        services.AddSingleton<UploadService>();
        services.AddSingleton<ReviewService>();
        return services;
    }

    /// <summary>A step, as its class (for the Functions triggers) and as the interface the engine's adapter runs (which tests may replace).</summary>
    private static void AddStep<TActivity, TInput, TOutput>(this IServiceCollection services)
        where TActivity : class, IEpisodeActivity<TInput, TOutput>
    {
        services.AddSingleton<TActivity>();
        services.TryAddSingleton<IEpisodeActivity<TInput, TOutput>>(sp => sp.GetRequiredService<TActivity>());
    }
}
