using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Storage;
using EpisodeBuilder.Storage.Workspaces;

namespace EpisodeBuilder.Activities.Content;

/// <summary>What cutting the recording by its plan made: the content file (in the step's workspace), its figures and the stored clock.</summary>
public sealed record CutContent(string Path, CutResult Cut, string ClockKey);

/// <summary>
/// Cuts the recording's working audio by an edit plan into a step's workspace, and stores the
/// <see cref="ContentClock"/> (where each moment of the recording landed) under the build's <c>content-clock.json</c>.
/// The one place the plan's cuts are applied: the merge uses it to make the content it joins, and clean-audio to make the
/// preview a review plays; both make the same bytes from the same plan.
/// </summary>
public sealed class ContentCut(ObjectStore store, AudioCutter cutter)
{
    public async Task<CutContent> MakeAsync(BuildRef build, string audioKey, string planKey, Workspace workspace, CancellationToken cancellationToken)
    {
        // The plan first: a missing or unreadable plan fails the step before the recording's download.
        var plan = EditPlan.FromJson((await store.ReadTextAsync(planKey, cancellationToken) ?? throw new ObjectNotFoundException(planKey)).Text);
        var audio = workspace.PathFor("recording.wav");
        await store.DownloadToFileAsync(audioKey, audio, cancellationToken);

        var content = workspace.PathFor("content.wav");
        var cut = await cutter.ApplyCutsAsync(audio, plan.DurationSeconds, plan.Cuts.Select(c => c.Range), content, cancellationToken);
        File.Delete(audio);

        var clock = workspace.PathFor("content-clock.json");
        await File.WriteAllTextAsync(clock, cut.Clock.ToJson(), cancellationToken);
        var clockKey = build.File("content-clock.json");
        await store.UploadFileAsync(clock, clockKey, "application/json", cancellationToken: cancellationToken);
        return new CutContent(content, cut, clockKey);
    }
}
