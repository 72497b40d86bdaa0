using EpisodeBuilder.Activities.Builds;
using EpisodeBuilder.Activities.Editing;
using EpisodeBuilder.Activities.Hosting;
using EpisodeBuilder.Activities.Media;
using EpisodeBuilder.Activities.Publishing;
using EpisodeBuilder.Activities.Speech;
using EpisodeBuilder.Activities.Transcription;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace EpisodeBuilder.Functions.Orchestration;

/// <summary>
/// The orchestrator and activity triggers: one line each, handing over through <see cref="StepRunner"/> (cancel
/// marker, worker name) to the classes in src/Activities that the local engine runs in tests and the local host too.
/// </summary>
public sealed class EpisodeBuildFunctions(
    InspectUploadActivity inspect,
    TranscribeChunkActivity transcribeChunk,
    TranscribeActivity transcribe,
    PlanEditsActivity planEdits,
    CleanAudioActivity cleanAudio,
    GenerateSegmentActivity generateSegment,
    MergeEpisodeActivity merge,
    EncodeEpisodeActivity encode,
    ExportSnippetsActivity exportSnippets,
    PublishEpisodeActivity publish,
    ComputePeaksActivity computePeaks,
    ApplyReviewActivity applyReview,
    WriteChaptersActivity writeChapters,
    StepRunner runner)
{
    [Function(EpisodeBuildOrchestrator.Name)]
    public static Task<EpisodeBuildResult> RunOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new EpisodeBuildOrchestrator().RunAsync(context, context.GetInput<EpisodeBuildInput>()!);

    [Function(ActivityNames.InspectUpload)]
    public Task<StepRun<InspectUploadOutput>> InspectUpload([ActivityTrigger] InspectUploadInput input, CancellationToken cancellationToken) => runner.RunAsync(inspect, input, cancellationToken);

    [Function(ActivityNames.TranscribeChunk)]
    public Task<StepRun<TranscribeChunkOutput>> TranscribeChunk([ActivityTrigger] TranscribeChunkInput input, CancellationToken cancellationToken) => runner.RunAsync(transcribeChunk, input, cancellationToken);

    [Function(ActivityNames.Transcribe)]
    public Task<StepRun<TranscribeOutput>> Transcribe([ActivityTrigger] TranscribeInput input, CancellationToken cancellationToken) => runner.RunAsync(transcribe, input, cancellationToken);

    [Function(ActivityNames.PlanEdits)]
    public Task<StepRun<PlanEditsOutput>> PlanEdits([ActivityTrigger] PlanEditsInput input, CancellationToken cancellationToken) => runner.RunAsync(planEdits, input, cancellationToken);

    [Function(ActivityNames.CleanAudio)]
    public Task<StepRun<CleanAudioOutput>> CleanAudio([ActivityTrigger] CleanAudioInput input, CancellationToken cancellationToken) => runner.RunAsync(cleanAudio, input, cancellationToken);

    [Function(ActivityNames.GenerateSegment)]
    public Task<StepRun<GenerateSegmentOutput>> GenerateSegment([ActivityTrigger] GenerateSegmentInput input, CancellationToken cancellationToken) => runner.RunAsync(generateSegment, input, cancellationToken);

    [Function(ActivityNames.MergeEpisode)]
    public Task<StepRun<MergeEpisodeOutput>> MergeEpisode([ActivityTrigger] MergeEpisodeInput input, CancellationToken cancellationToken) => runner.RunAsync(merge, input, cancellationToken);

    [Function(ActivityNames.EncodeEpisode)]
    public Task<StepRun<EncodeEpisodeOutput>> EncodeEpisode([ActivityTrigger] EncodeEpisodeInput input, CancellationToken cancellationToken) => runner.RunAsync(encode, input, cancellationToken);

    [Function(ActivityNames.ExportSnippets)]
    public Task<StepRun<ExportSnippetsOutput>> ExportSnippets([ActivityTrigger] ExportSnippetsInput input, CancellationToken cancellationToken) => runner.RunAsync(exportSnippets, input, cancellationToken);

    [Function(ActivityNames.PublishEpisode)]
    public Task<StepRun<PublishEpisodeOutput>> PublishEpisode([ActivityTrigger] PublishEpisodeInput input, CancellationToken cancellationToken) => runner.RunAsync(publish, input, cancellationToken);

    [Function(ActivityNames.ComputePeaks)]
    public Task<StepRun<ComputePeaksOutput>> ComputePeaks([ActivityTrigger] ComputePeaksInput input, CancellationToken cancellationToken) => runner.RunAsync(computePeaks, input, cancellationToken);

    [Function(ActivityNames.ApplyReview)]
    public Task<StepRun<ApplyReviewOutput>> ApplyReview([ActivityTrigger] ApplyReviewInput input, CancellationToken cancellationToken) => runner.RunAsync(applyReview, input, cancellationToken);

    [Function(ActivityNames.WriteChapters)]
    public Task<StepRun<WriteChaptersOutput>> WriteChapters([ActivityTrigger] WriteChaptersInput input, CancellationToken cancellationToken) => runner.RunAsync(writeChapters, input, cancellationToken);
}
