using EpisodeBuilder.Activities.Content;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Storage;
using EpisodeBuilder.Storage.Workspaces;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Activities.CleanAudio;

/// <summary>Input of <see cref="CleanAudioActivity"/>: the working audio and the plan to apply.</summary>
public sealed record CleanAudioInput(BuildRef Build, string AudioKey, string PlanKey) : IBuildStepInput<CleanAudioOutput>;

/// <summary>
/// Key of the cleaned content, its duration, how many pieces of the recording it keeps, and the key of its
/// <see cref="EpisodeBuilder.Media.Editing.ContentClock"/> (where each moment of the recording landed).
/// </summary>
public sealed record CleanAudioOutput(string CleanedKey, double DurationSeconds, int KeptPieces, string ClockKey);

/// <summary>
/// Makes the cleaned content a review plays (the recording with the plan's cuts, see <see cref="ContentCut"/>) and stores
/// it. Only a build that asks for review runs this step, before the review and again after an approval that keeps cuts;
/// without review the merge cuts the recording itself, so the cleaned content never goes through storage.
/// </summary>
public sealed class CleanAudioActivity(ObjectStore store, WorkspaceFactory workspaces, ContentCut contentCut, ILogger<CleanAudioActivity> logger)
    : IEpisodeActivity<CleanAudioInput, CleanAudioOutput>, IReusableActivity
{
    /// <summary>The activity's name in the Durable runtime (part of every running build's history: never renamed).</summary>
    public const string Name = "CleanAudio";

    /// <inheritdoc/>
    public int Version => 1;

    /// <inheritdoc/>
    public object? Settings => null;

    public async Task<CleanAudioOutput> RunAsync(CleanAudioInput input, CancellationToken cancellationToken)
    {
        await using var workspace = workspaces.Create(Name);
        var content = await contentCut.MakeAsync(input.Build, input.AudioKey, input.PlanKey, workspace, cancellationToken);
        await store.UploadFileAsync(content.Path, input.Build.Cleaned(), "audio/wav", cancellationToken: cancellationToken);
        logger.LogInformation("Build {BuildId}: cleaned content is {Duration:0.00} s in {Pieces} pieces", input.Build.BuildId, content.Cut.ExpectedDurationSeconds, content.Cut.Kept.Count);
        return new CleanAudioOutput(input.Build.Cleaned(), content.Cut.ExpectedDurationSeconds, content.Cut.Kept.Count, content.ClockKey);
    }
}
