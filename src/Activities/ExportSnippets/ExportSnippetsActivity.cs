using System.Globalization;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Storage;
using EpisodeBuilder.Storage.Workspaces;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Activities.ExportSnippets;

/// <summary>Input of <see cref="ExportSnippetsActivity"/>: the audio the plan's times refer to.</summary>
public sealed record ExportSnippetsInput(BuildRef Build, string AudioKey, string PlanKey) : IBuildStepInput<ExportSnippetsOutput>;

/// <summary>Keys of the review snippets (flubber retakes and intern requests) under <c>intern_snippets/</c>.</summary>
public sealed record ExportSnippetsOutput(IReadOnlyList<string> SnippetKeys);

/// <summary>
/// Exports a short MP3 around every review marker to <c>intern_snippets/</c> in GCS, where the waveform view loads
/// it by signed URL from any instance (the fix for the "waveform bug"). Each snippet reads only its range of the working
/// audio, so the step costs the same for a three-minute and a three-hour recording.
/// </summary>
public sealed class ExportSnippetsActivity(ObjectStore store, WorkspaceFactory workspaces, SnippetExporter exporter, ILogger<ExportSnippetsActivity> logger)
    : IEpisodeActivity<ExportSnippetsInput, ExportSnippetsOutput>, IReusableActivity
{
    /// <summary>The activity's name in the Durable runtime (part of every running build's history: never renamed).</summary>
    public const string Name = "ExportSnippets";

    /// <inheritdoc/>
    public int Version => 1;

    /// <inheritdoc/>
    public object? Settings => null;

    public const double PaddingSeconds = 0.5;

    public async Task<ExportSnippetsOutput> RunAsync(ExportSnippetsInput input, CancellationToken cancellationToken)
    {
        await using var workspace = workspaces.Create(Name);
        var planPath = workspace.PathFor("edit-plan.json");
        await store.DownloadToFileAsync(input.PlanKey, planPath, cancellationToken);
        var plan = EditPlan.FromJson(await File.ReadAllTextAsync(planPath, cancellationToken));
        if (plan.Markers.Count == 0)
        {
            return new ExportSnippetsOutput([]);
        }

        // The working audio's layout is read once (one small ranged read); each marker then reads only its bytes.
        var layout = await StoredWav.ReadLayoutAsync(store, input.AudioKey, cancellationToken)
            ?? throw new InvalidOperationException($"'{input.AudioKey}' is not the 16-bit PCM working WAV");
        var keys = new List<string>();
        for (var i = 0; i < plan.Markers.Count; i++)
        {
            var marker = plan.Markers[i];
            var start = Math.Max(0, marker.Start - PaddingSeconds);
            var end = Math.Min(plan.DurationSeconds, Math.Min(marker.End + PaddingSeconds, start + SnippetExporter.MaximumSeconds));
            var file = workspace.PathFor(string.Create(CultureInfo.InvariantCulture, $"snippet-{i}.mp3"));
            // Only the marker's range of the working audio is read (ranged reads), never the whole recording.
            var range = workspace.PathFor(string.Create(CultureInfo.InvariantCulture, $"range-{i}.wav"));
            var from = await StoredWav.DownloadRangeAsync(store, input.AudioKey, layout, new TimeRange(start, end), range, cancellationToken);
            await exporter.ExportAsync(range, 0, end - from, file, cancellationToken);
            var key = ObjectKeys.Snippet(input.Build.UserId, input.Build.EpisodeId, string.Create(CultureInfo.InvariantCulture, $"{input.Build.BuildId}-{i:D2}-{marker.Kind}.mp3"));
            await store.UploadFileAsync(file, key, "audio/mpeg", cancellationToken: cancellationToken);
            keys.Add(key);
        }

        logger.LogInformation("Build {BuildId}: exported {Count} review snippets", input.Build.BuildId, keys.Count);
        return new ExportSnippetsOutput(keys);
    }
}
