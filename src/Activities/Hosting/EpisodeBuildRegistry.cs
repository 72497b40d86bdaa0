using EpisodeBuilder.Activities.Builds;
using EpisodeBuilder.Activities.Editing;
using EpisodeBuilder.Activities.Media;
using EpisodeBuilder.Activities.Publishing;
using EpisodeBuilder.Activities.Speech;
using EpisodeBuilder.Activities.Transcription;
using Microsoft.DurableTask;

namespace EpisodeBuilder.Activities.Hosting;

/// <summary>
/// Registers the episode-build orchestrator and its activities with a Durable Task worker (the engine used by the
/// local host and tests). The Functions app registers the same classes through triggers.
/// </summary>
public static class EpisodeBuildRegistry
{
    public static DurableTaskRegistry AddEpisodeBuild(this DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<EpisodeBuildOrchestrator>(EpisodeBuildOrchestrator.Name);
        Add<InspectUploadInput, InspectUploadOutput>(registry, ActivityNames.InspectUpload);
        Add<TranscribeChunkInput, TranscribeChunkOutput>(registry, ActivityNames.TranscribeChunk);
        Add<TranscribeInput, TranscribeOutput>(registry, ActivityNames.Transcribe);
        Add<PlanEditsInput, PlanEditsOutput>(registry, ActivityNames.PlanEdits);
        Add<CleanAudioInput, CleanAudioOutput>(registry, ActivityNames.CleanAudio);
        Add<GenerateSegmentInput, GenerateSegmentOutput>(registry, ActivityNames.GenerateSegment);
        Add<MergeEpisodeInput, MergeEpisodeOutput>(registry, ActivityNames.MergeEpisode);
        Add<EncodeEpisodeInput, EncodeEpisodeOutput>(registry, ActivityNames.EncodeEpisode);
        Add<ExportSnippetsInput, ExportSnippetsOutput>(registry, ActivityNames.ExportSnippets);
        Add<PublishEpisodeInput, PublishEpisodeOutput>(registry, ActivityNames.PublishEpisode);
        Add<ComputePeaksInput, ComputePeaksOutput>(registry, ActivityNames.ComputePeaks);
        Add<WriteChaptersInput, WriteChaptersOutput>(registry, ActivityNames.WriteChapters);
        Add<ApplyReviewInput, ApplyReviewOutput>(registry, ActivityNames.ApplyReview);
        return registry;
    }

    private static void Add<TInput, TOutput>(DurableTaskRegistry registry, string name)
        where TInput : IBuildStepInput =>
        registry.AddActivity<DurableActivityAdapter<TInput, TOutput>>(name);
}
