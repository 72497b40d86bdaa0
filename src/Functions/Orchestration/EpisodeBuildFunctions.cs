using EpisodeBuilder.Activities.Builds;
using EpisodeBuilder.Activities.Editing;
using EpisodeBuilder.Activities.Media;
using EpisodeBuilder.Activities.Publishing;
using EpisodeBuilder.Activities.Speech;
using EpisodeBuilder.Activities.Transcription;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace EpisodeBuilder.Functions.Orchestration;

/// <summary>
/// The orchestrator and activity triggers: one line each, handing over to the classes in src/Activities that the
/// in-process engine runs in tests and in the local host too.
/// </summary>
public sealed class EpisodeBuildFunctions(
    InspectUploadActivity inspect,
    TranscribeActivity transcribe,
    PlanEditsActivity planEdits,
    CleanAudioActivity cleanAudio,
    GenerateSegmentActivity generateSegment,
    MergeEpisodeActivity merge,
    EncodeEpisodeActivity encode,
    ExportSnippetsActivity exportSnippets,
    PublishEpisodeActivity publish)
{
    [Function(EpisodeBuildOrchestrator.Name)]
    public static Task<EpisodeBuildResult> RunOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new EpisodeBuildOrchestrator().RunAsync(context, context.GetInput<EpisodeBuildInput>()!);

    [Function(ActivityNames.InspectUpload)]
    public Task<InspectUploadOutput> InspectUpload([ActivityTrigger] InspectUploadInput input, CancellationToken cancellationToken) => inspect.RunAsync(input, cancellationToken);

    [Function(ActivityNames.Transcribe)]
    public Task<TranscribeOutput> Transcribe([ActivityTrigger] TranscribeInput input, CancellationToken cancellationToken) => transcribe.RunAsync(input, cancellationToken);

    [Function(ActivityNames.PlanEdits)]
    public Task<PlanEditsOutput> PlanEdits([ActivityTrigger] PlanEditsInput input, CancellationToken cancellationToken) => planEdits.RunAsync(input, cancellationToken);

    [Function(ActivityNames.CleanAudio)]
    public Task<CleanAudioOutput> CleanAudio([ActivityTrigger] CleanAudioInput input, CancellationToken cancellationToken) => cleanAudio.RunAsync(input, cancellationToken);

    [Function(ActivityNames.GenerateSegment)]
    public Task<GenerateSegmentOutput> GenerateSegment([ActivityTrigger] GenerateSegmentInput input, CancellationToken cancellationToken) => generateSegment.RunAsync(input, cancellationToken);

    [Function(ActivityNames.MergeEpisode)]
    public Task<MergeEpisodeOutput> MergeEpisode([ActivityTrigger] MergeEpisodeInput input, CancellationToken cancellationToken) => merge.RunAsync(input, cancellationToken);

    [Function(ActivityNames.EncodeEpisode)]
    public Task<EncodeEpisodeOutput> EncodeEpisode([ActivityTrigger] EncodeEpisodeInput input, CancellationToken cancellationToken) => encode.RunAsync(input, cancellationToken);

    [Function(ActivityNames.ExportSnippets)]
    public Task<ExportSnippetsOutput> ExportSnippets([ActivityTrigger] ExportSnippetsInput input, CancellationToken cancellationToken) => exportSnippets.RunAsync(input, cancellationToken);

    [Function(ActivityNames.PublishEpisode)]
    public Task<PublishEpisodeOutput> PublishEpisode([ActivityTrigger] PublishEpisodeInput input, CancellationToken cancellationToken) => publish.RunAsync(input, cancellationToken);
}
