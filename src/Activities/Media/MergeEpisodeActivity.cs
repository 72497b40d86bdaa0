using EpisodeBuilder.Activities.Builds;
using EpisodeBuilder.Activities.Errors;
using EpisodeBuilder.Activities.Storage;
using EpisodeBuilder.Activities.Workspaces;
using EpisodeBuilder.Media.Ffmpeg;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Activities.Media;

/// <summary>Input of <see cref="ActivityNames.MergeEpisode"/>: the parts of the episode, by key.</summary>
public sealed record MergeEpisodeInput(
    BuildRef Build,
    string? IntroKey,
    string ContentKey,
    IReadOnlyList<PlacedSegment> Segments,
    string? OutroKey,
    string? MusicBedKey) : IBuildStepInput;

/// <summary>A generated segment and where it goes.</summary>
public sealed record PlacedSegment(string SegmentId, string Key, SegmentPosition Position);

/// <summary>Key of the merged episode audio (lossless, not yet normalised), its duration and its measured loudness.</summary>
public sealed record MergeEpisodeOutput(string MergedKey, double DurationSeconds, Loudness Loudness);

/// <summary>
/// Assembles the episode: intro, segments placed after the intro, the content (split where segments go inside
/// it), segments placed before the outro, outro; lays the music bed under it and measures the whole's loudness in the
/// same pass, for the encode to apply.
/// </summary>
public sealed class MergeEpisodeActivity(
    ObjectStore store, WorkspaceFactory workspaces, AudioInspector inspector, AudioMerger merger, ILogger<MergeEpisodeActivity> logger)
    : IEpisodeActivity<MergeEpisodeInput, MergeEpisodeOutput>
{
    public async Task<MergeEpisodeOutput> RunAsync(MergeEpisodeInput input, CancellationToken cancellationToken)
    {
        await using var workspace = workspaces.Create(ActivityNames.MergeEpisode);
        var content = workspace.PathFor("content.wav");
        await store.DownloadToFileAsync(input.ContentKey, content, cancellationToken);
        var contentSeconds = await inspector.DurationAsync(content, cancellationToken);

        var intro = await OptionalPartAsync("the intro", input.IntroKey, "intro", workspace, cancellationToken);
        var outro = await OptionalPartAsync("the outro", input.OutroKey, "outro", workspace, cancellationToken);
        var bed = await OptionalPartAsync("the music bed", input.MusicBedKey, "bed", workspace, cancellationToken);
        var segments = new Dictionary<string, string>();
        foreach (var segment in input.Segments)
        {
            var path = workspace.PathFor($"segment-{segment.SegmentId}.wav");
            await store.DownloadToFileAsync(segment.Key, path, cancellationToken);
            segments[segment.SegmentId] = path;
        }

        var inside = input.Segments.Where(s => s.Position.Placement == SegmentPlacement.AtSeconds)
            .OrderBy(s => s.Position.Seconds).ToList();
        var pieces = inside.Count == 0
            ? [content]
            : await merger.SplitAsync(content, contentSeconds, inside.Select(s => Math.Min(s.Position.Seconds ?? 0, contentSeconds)).ToList(), i => workspace.PathFor($"content-{i}.wav"), cancellationToken);

        var parts = new List<string>();
        if (intro is not null)
        {
            parts.Add(intro);
        }

        parts.AddRange(input.Segments.Where(s => s.Position.Placement == SegmentPlacement.AfterIntro).Select(s => segments[s.SegmentId]));
        for (var i = 0; i < pieces.Count; i++)
        {
            parts.Add(pieces[i]);
            if (i < inside.Count)
            {
                parts.Add(segments[inside[i].SegmentId]);
            }
        }

        parts.AddRange(input.Segments.Where(s => s.Position.Placement == SegmentPlacement.BeforeOutro).Select(s => segments[s.SegmentId]));
        if (outro is not null)
        {
            parts.Add(outro);
        }

        var merged = workspace.PathFor("merged.wav");

        // Only a music bed needs the total length up front (to fade it out at the end).
        double? totalSeconds = null;
        if (bed is not null)
        {
            totalSeconds = 0;
            foreach (var part in parts)
            {
                totalSeconds += await inspector.DurationAsync(part, cancellationToken);
            }
        }

        var measured = await merger.ConcatAsync(parts, merged, cancellationToken, bed, totalSeconds);
        if (measured.IsSilent)
        {
            throw new InvalidBuildInputException("The episode is silent, so it cannot be loudness-normalised.");
        }

        var duration = await inspector.DurationAsync(merged, cancellationToken);
        var key = input.Build.File("merged.wav");
        await store.UploadFileAsync(merged, key, "audio/wav", cancellationToken: cancellationToken);
        logger.LogInformation("Build {BuildId}: merged {PartCount} parts into {Duration:0.00} s at {Lufs:0.0} LUFS", input.Build.BuildId, parts.Count, duration, measured.IntegratedLufs);
        return new MergeEpisodeOutput(key, duration, measured);
    }

    private async Task<string?> OptionalPartAsync(string what, string? key, string name, Workspace workspace, CancellationToken cancellationToken)
    {
        if (key is null)
        {
            return null;
        }

        var path = workspace.PathFor(name + ObjectKeys.SafeExtension(key));
        await InputErrors.AboutAsync(what, key, async () =>
        {
            await store.DownloadToFileAsync(key, path, cancellationToken);
            return await inspector.InspectAsync(path, cancellationToken);
        });
        return path;
    }
}
