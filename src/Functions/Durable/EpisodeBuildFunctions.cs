using EpisodeBuilder.Activities.ApplyReview;
using EpisodeBuilder.Activities.CleanAudio;
using EpisodeBuilder.Activities.ComputePeaks;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.EncodeEpisode;
using EpisodeBuilder.Activities.ExportSnippets;
using EpisodeBuilder.Activities.FindStepResults;
using EpisodeBuilder.Activities.GenerateSegment;
using EpisodeBuilder.Activities.HoldForSchedule;
using EpisodeBuilder.Activities.InspectUpload;
using EpisodeBuilder.Activities.LeaveQueue;
using EpisodeBuilder.Activities.MergeEpisode;
using EpisodeBuilder.Activities.PlanEdits;
using EpisodeBuilder.Activities.PublishEpisode;
using EpisodeBuilder.Activities.Publishing;
using EpisodeBuilder.Activities.SettleUploads;
using EpisodeBuilder.Activities.TakeTurn;
using EpisodeBuilder.Activities.Transcribe;
using EpisodeBuilder.Activities.TranscribeChunk;
using EpisodeBuilder.Activities.WriteChapters;
using EpisodeBuilder.Orchestration;
using EpisodeBuilder.Orchestration.Workers;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace EpisodeBuilder.Functions.Durable;

/// <summary>
/// The orchestrator and activity triggers: one line each, named by the step's own declaration (its class's
/// <c>Name</c>), handing over through <see cref="StepRunner"/> (cancel marker, deadline, worker name) to the classes in
/// src/Activities that the local engine runs too. The Functions SDK reads the triggers from compiled attributes, so each
/// step has its line here; <c>ActivityTriggerTests</c> proves they are exactly the declared steps.
/// </summary>
public sealed class EpisodeBuildFunctions(StepRunner runner)
{
    [Function(EpisodeBuildOrchestrator.Name)]
    public static Task<EpisodeBuildResult> RunOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new EpisodeBuildOrchestrator().RunAsync(context, context.GetInput<EpisodeBuildInput>()!);

    [Function(InspectUploadActivity.Name)]
    public Task<StepRun<InspectUploadOutput>> InspectUpload([ActivityTrigger] InspectUploadInput input, CancellationToken cancellationToken) => runner.RunAsync<InspectUploadInput, InspectUploadOutput>(input, cancellationToken);

    [Function(TranscribeChunkActivity.Name)]
    public Task<StepRun<TranscribeChunkOutput>> TranscribeChunk([ActivityTrigger] TranscribeChunkInput input, CancellationToken cancellationToken) => runner.RunAsync<TranscribeChunkInput, TranscribeChunkOutput>(input, cancellationToken);

    [Function(TranscribeActivity.Name)]
    public Task<StepRun<TranscribeOutput>> Transcribe([ActivityTrigger] TranscribeInput input, CancellationToken cancellationToken) => runner.RunAsync<TranscribeInput, TranscribeOutput>(input, cancellationToken);

    [Function(PlanEditsActivity.Name)]
    public Task<StepRun<PlanEditsOutput>> PlanEdits([ActivityTrigger] PlanEditsInput input, CancellationToken cancellationToken) => runner.RunAsync<PlanEditsInput, PlanEditsOutput>(input, cancellationToken);

    [Function(CleanAudioActivity.Name)]
    public Task<StepRun<CleanAudioOutput>> CleanAudio([ActivityTrigger] CleanAudioInput input, CancellationToken cancellationToken) => runner.RunAsync<CleanAudioInput, CleanAudioOutput>(input, cancellationToken);

    [Function(GenerateSegmentActivity.Name)]
    public Task<StepRun<GenerateSegmentOutput>> GenerateSegment([ActivityTrigger] GenerateSegmentInput input, CancellationToken cancellationToken) => runner.RunAsync<GenerateSegmentInput, GenerateSegmentOutput>(input, cancellationToken);

    [Function(MergeEpisodeActivity.Name)]
    public Task<StepRun<MergeEpisodeOutput>> MergeEpisode([ActivityTrigger] MergeEpisodeInput input, CancellationToken cancellationToken) => runner.RunAsync<MergeEpisodeInput, MergeEpisodeOutput>(input, cancellationToken);

    [Function(EncodeEpisodeActivity.Name)]
    public Task<StepRun<EncodeEpisodeOutput>> EncodeEpisode([ActivityTrigger] EncodeEpisodeInput input, CancellationToken cancellationToken) => runner.RunAsync<EncodeEpisodeInput, EncodeEpisodeOutput>(input, cancellationToken);

    [Function(ExportSnippetsActivity.Name)]
    public Task<StepRun<ExportSnippetsOutput>> ExportSnippets([ActivityTrigger] ExportSnippetsInput input, CancellationToken cancellationToken) => runner.RunAsync<ExportSnippetsInput, ExportSnippetsOutput>(input, cancellationToken);

    [Function(PublishEpisodeActivity.Name)]
    public Task<StepRun<PublishEpisodeOutput>> PublishEpisode([ActivityTrigger] PublishEpisodeInput input, CancellationToken cancellationToken) => runner.RunAsync<PublishEpisodeInput, PublishEpisodeOutput>(input, cancellationToken);

    [Function(ComputePeaksActivity.Name)]
    public Task<StepRun<ComputePeaksOutput>> ComputePeaks([ActivityTrigger] ComputePeaksInput input, CancellationToken cancellationToken) => runner.RunAsync<ComputePeaksInput, ComputePeaksOutput>(input, cancellationToken);

    [Function(ApplyReviewActivity.Name)]
    public Task<StepRun<ApplyReviewOutput>> ApplyReview([ActivityTrigger] ApplyReviewInput input, CancellationToken cancellationToken) => runner.RunAsync<ApplyReviewInput, ApplyReviewOutput>(input, cancellationToken);

    [Function(WriteChaptersActivity.Name)]
    public Task<StepRun<WriteChaptersOutput>> WriteChapters([ActivityTrigger] WriteChaptersInput input, CancellationToken cancellationToken) => runner.RunAsync<WriteChaptersInput, WriteChaptersOutput>(input, cancellationToken);

    [Function(SettleUploadsActivity.Name)]
    public Task<StepRun<SettleUploadsOutput>> SettleUploads([ActivityTrigger] SettleUploadsInput input, CancellationToken cancellationToken) => runner.RunAsync<SettleUploadsInput, SettleUploadsOutput>(input, cancellationToken);

    [Function(TakeTurnActivity.Name)]
    public Task<StepRun<TakeTurnOutput>> TakeTurn([ActivityTrigger] TakeTurnInput input, CancellationToken cancellationToken) => runner.RunAsync<TakeTurnInput, TakeTurnOutput>(input, cancellationToken);

    [Function(FindStepResultsActivity.Name)]
    public Task<StepRun<FindStepResultsOutput>> FindStepResults([ActivityTrigger] FindStepResultsInput input, CancellationToken cancellationToken) => runner.RunAsync<FindStepResultsInput, FindStepResultsOutput>(input, cancellationToken);

    [Function(HoldForScheduleActivity.Name)]
    public Task<StepRun<HoldForScheduleOutput>> HoldForSchedule([ActivityTrigger] HoldForScheduleInput input, CancellationToken cancellationToken) => runner.RunAsync<HoldForScheduleInput, HoldForScheduleOutput>(input, cancellationToken);

    [Function(LeaveQueueActivity.Name)]
    public Task<StepRun<LeaveQueueOutput>> LeaveQueue([ActivityTrigger] LeaveQueueInput input, CancellationToken cancellationToken) => runner.RunAsync<LeaveQueueInput, LeaveQueueOutput>(input, cancellationToken);
}
