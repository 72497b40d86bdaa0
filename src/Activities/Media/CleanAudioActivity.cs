using EpisodeBuilder.Activities.Builds;
using EpisodeBuilder.Activities.Storage;
using EpisodeBuilder.Activities.Workspaces;
using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Media.Ffmpeg;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Activities.Media;

/// <summary>Input of <see cref="ActivityNames.CleanAudio"/>: the working audio and the plan to apply.</summary>
public sealed record CleanAudioInput(BuildRef Build, string AudioKey, string PlanKey) : IBuildStepInput;

/// <summary>
/// Key of the cleaned content, its duration, how many pieces of the recording it keeps, and the key of its
/// <see cref="ContentClock"/> (where each moment of the recording landed).
/// </summary>
public sealed record CleanAudioOutput(string CleanedKey, double DurationSeconds, int KeptPieces, string ClockKey);

/// <summary>
/// Applies the edit plan's cuts with short crossfades, in one pass over the working audio. Loudness is left to the
/// merge (which measures the whole episode) and the encode (which applies one gain), so it is measured once.
/// </summary>
public sealed class CleanAudioActivity(ObjectStore store, WorkspaceFactory workspaces, AudioCutter cutter, ILogger<CleanAudioActivity> logger)
    : IEpisodeActivity<CleanAudioInput, CleanAudioOutput>
{
    public async Task<CleanAudioOutput> RunAsync(CleanAudioInput input, CancellationToken cancellationToken)
    {
        await using var workspace = workspaces.Create(ActivityNames.CleanAudio);
        var audio = workspace.PathFor("source.wav");
        var planPath = workspace.PathFor("edit-plan.json");
        await store.DownloadToFileAsync(input.AudioKey, audio, cancellationToken);
        await store.DownloadToFileAsync(input.PlanKey, planPath, cancellationToken);
        var plan = EditPlan.FromJson(await File.ReadAllTextAsync(planPath, cancellationToken));

        var cleaned = workspace.PathFor("cleaned.wav");
        var cut = await cutter.ApplyCutsAsync(audio, plan.DurationSeconds, plan.Cuts.Select(c => c.Range), cleaned, cancellationToken);
        await store.UploadFileAsync(cleaned, input.Build.Cleaned(), "audio/wav", cancellationToken: cancellationToken);
        var clock = workspace.PathFor("content-clock.json");
        await File.WriteAllTextAsync(clock, cut.Clock.ToJson(), cancellationToken);
        var clockKey = input.Build.File("content-clock.json");
        await store.UploadFileAsync(clock, clockKey, "application/json", cancellationToken: cancellationToken);
        logger.LogInformation("Build {BuildId}: cleaned content is {Duration:0.00} s in {Pieces} pieces", input.Build.BuildId, cut.ExpectedDurationSeconds, cut.Kept.Count);
        return new CleanAudioOutput(input.Build.Cleaned(), cut.ExpectedDurationSeconds, cut.Kept.Count, clockKey);
    }
}
