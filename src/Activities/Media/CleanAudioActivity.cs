using EpisodeBuilder.Activities.Builds;
using EpisodeBuilder.Activities.Storage;
using EpisodeBuilder.Activities.Workspaces;
using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Media.Ffmpeg;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Activities.Media;

/// <summary>Input of <see cref="ActivityNames.CleanAudio"/>: the working audio and the plan to apply.</summary>
public sealed record CleanAudioInput(BuildRef Build, string AudioKey, string PlanKey, double LoudnessLufs) : IBuildStepInput;

/// <summary>Key of the cleaned content and its measured duration and loudness.</summary>
public sealed record CleanAudioOutput(string CleanedKey, double DurationSeconds, double IntegratedLufs);

/// <summary>Applies the edit plan's cuts with short crossfades and normalises the content's loudness.</summary>
public sealed class CleanAudioActivity(
    ObjectStore store, WorkspaceFactory workspaces, AudioCutter cutter, LoudnessProcessor loudness, AudioInspector inspector, ILogger<CleanAudioActivity> logger)
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

        var cut = workspace.PathFor("cut.wav");
        await cutter.ApplyCutsAsync(audio, plan.DurationSeconds, plan.Cuts.Select(c => c.Range), cut, cancellationToken);
        var cleaned = workspace.PathFor("cleaned.wav");
        var measured = await loudness.NormalizeAsync(cut, cleaned, input.LoudnessLufs, cancellationToken);
        var duration = await inspector.DurationAsync(cleaned, cancellationToken);
        await store.UploadFileAsync(cleaned, input.Build.Cleaned(), "audio/wav", cancellationToken: cancellationToken);
        logger.LogInformation("Build {BuildId}: cleaned content is {Duration:0.00} s at {Lufs:0.0} LUFS", input.Build.BuildId, duration, measured.IntegratedLufs);
        return new CleanAudioOutput(input.Build.Cleaned(), duration, measured.IntegratedLufs);
    }
}
