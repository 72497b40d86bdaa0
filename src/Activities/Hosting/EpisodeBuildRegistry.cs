using EpisodeBuilder.Activities.Builds;
using EpisodeBuilder.Activities.Editing;
using EpisodeBuilder.Activities.Media;
using EpisodeBuilder.Activities.Publishing;
using EpisodeBuilder.Activities.Speech;
using EpisodeBuilder.Activities.Transcription;
using Microsoft.DurableTask;

namespace EpisodeBuilder.Activities.Hosting;

/// <summary>
/// Registers the episode-build orchestrator and its activities with a Durable Task worker (the in-process
/// engine used by tests and the local host). The Functions app registers the same classes through triggers.
/// </summary>
public static class EpisodeBuildRegistry
{
    public static DurableTaskRegistry AddEpisodeBuild(this DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<EpisodeBuildOrchestrator>(EpisodeBuildOrchestrator.Name);
        Add<InspectUploadActivity, InspectUploadInput, InspectUploadOutput>(registry, ActivityNames.InspectUpload);
        Add<TranscribeActivity, TranscribeInput, TranscribeOutput>(registry, ActivityNames.Transcribe);
        Add<PlanEditsActivity, PlanEditsInput, PlanEditsOutput>(registry, ActivityNames.PlanEdits);
        Add<CleanAudioActivity, CleanAudioInput, CleanAudioOutput>(registry, ActivityNames.CleanAudio);
        Add<GenerateSegmentActivity, GenerateSegmentInput, GenerateSegmentOutput>(registry, ActivityNames.GenerateSegment);
        Add<MergeEpisodeActivity, MergeEpisodeInput, MergeEpisodeOutput>(registry, ActivityNames.MergeEpisode);
        Add<EncodeEpisodeActivity, EncodeEpisodeInput, EncodeEpisodeOutput>(registry, ActivityNames.EncodeEpisode);
        Add<ExportSnippetsActivity, ExportSnippetsInput, ExportSnippetsOutput>(registry, ActivityNames.ExportSnippets);
        Add<PublishEpisodeActivity, PublishEpisodeInput, PublishEpisodeOutput>(registry, ActivityNames.PublishEpisode);
        return registry;
    }

    private static void Add<TActivity, TInput, TOutput>(DurableTaskRegistry registry, string name)
        where TActivity : IEpisodeActivity<TInput, TOutput> =>
        registry.AddActivity<DurableActivityAdapter<TActivity, TInput, TOutput>>(name);
}
