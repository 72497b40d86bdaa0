using EpisodeBuilder.Activities.Content;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Storage;
using EpisodeBuilder.Storage.Workspaces;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Activities.MergeEpisode;

/// <summary>
/// Input of <see cref="MergeEpisodeActivity"/>: the parts of the episode, by key. The content is either cleaned
/// content already made (a reviewed build's), or, when <paramref name="ContentPlanKey"/> is given, the recording's working
/// audio, which the merge cuts by that plan itself.
/// </summary>
public sealed record MergeEpisodeInput(
    BuildRef Build,
    string? IntroKey,
    string ContentKey,
    IReadOnlyList<PlacedSegment> Segments,
    string? OutroKey,
    string? MusicBedKey,
    string? ContentPlanKey = null,
    BedLevels? BedLevels = null,
    string? Channels = null) : IBuildStepInput<MergeEpisodeOutput>;

/// <summary>A generated segment and where it goes.</summary>
public sealed record PlacedSegment(string SegmentId, string Key, SegmentPosition Position);

/// <summary>
/// Key of the merged episode audio (lossless, not yet normalised), its duration, its measured loudness, the key of
/// its <see cref="EpisodeTimeline"/> (where each part went), and, when the merge cut the content itself, the key of the
/// content's <see cref="ContentClock"/>.
/// </summary>
public sealed record MergeEpisodeOutput(string MergedKey, double DurationSeconds, Loudness Loudness, string TimelineKey, string? ClockKey = null, int Channels = 1);

/// <summary>
/// Assembles the episode: intro, segments placed after the intro, the content (split where segments go inside
/// it), segments placed before the outro, outro; lays the music bed under it, ducking under what is heard, and measures the whole's loudness in the
/// same pass, for the encode to apply. Without a review the content is cut from the recording here
/// (<see cref="ContentCut"/>), in this step's own workspace: the hour's 290 MB of cleaned content then never goes up to
/// storage and down again (about 5 s of an hour's build through the emulator).
/// </summary>
public sealed class MergeEpisodeActivity(
    ObjectStore store, WorkspaceFactory workspaces, AudioInspector inspector, AudioMerger merger, ContentCut contentCut, ILogger<MergeEpisodeActivity> logger)
    : IEpisodeActivity<MergeEpisodeInput, MergeEpisodeOutput>, IReusableActivity
{
    /// <summary>The activity's name in the Durable runtime (part of every running build's history: never renamed).</summary>
    public const string Name = "MergeEpisode";

    /// <inheritdoc/>
    public int Version => 2;

    /// <inheritdoc/>
    public object? Settings => null;

    public async Task<MergeEpisodeOutput> RunAsync(MergeEpisodeInput input, CancellationToken cancellationToken)
    {
        await using var workspace = workspaces.Create(Name);
        string content;
        string? clockKey = null;
        if (input.ContentPlanKey is { } planKey)
        {
            var cut = await contentCut.MakeAsync(input.Build, input.ContentKey, planKey, workspace, cancellationToken);
            (content, clockKey) = (cut.Path, cut.ClockKey);
        }
        else
        {
            content = workspace.PathFor("content.wav");
            await store.DownloadToFileAsync(input.ContentKey, content, cancellationToken);
        }

        var contentSeconds = await inspector.DurationAsync(content, cancellationToken);

        var (intro, introChannels) = await OptionalPartAsync("the intro", input.IntroKey, "intro", workspace, cancellationToken);
        var (outro, outroChannels) = await OptionalPartAsync("the outro", input.OutroKey, "outro", workspace, cancellationToken);
        var (bed, bedChannels) = await OptionalPartAsync("the music bed", input.MusicBedKey, "bed", workspace, cancellationToken);

        // The voice is mono; the episode is stereo when asked, or when music made in stereo goes into it.
        var channels = input.Channels switch
        {
            "stereo" => 2,
            "mono" => 1,
            _ => Math.Max(introChannels, Math.Max(outroChannels, bedChannels)) >= 2 ? 2 : 1,
        };
        var segments = new Dictionary<string, string>();
        foreach (var segment in input.Segments)
        {
            var path = workspace.PathFor($"segment-{segment.SegmentId}.wav");
            await store.DownloadToFileAsync(segment.Key, path, cancellationToken);
            segments[segment.SegmentId] = path;
        }

        // Segments placed inside the content split it where they go (a position at or past either end goes there).
        var inside = input.Segments.Where(s => s.Position.Placement == SegmentPlacement.AtSeconds)
            .Select(s => (Segment: s, At: Math.Clamp(s.Position.Seconds ?? 0, 0, contentSeconds)))
            .OrderBy(s => s.At).ToList();
        var splits = inside.Select(s => s.At).Where(at => at > 0 && at < contentSeconds).Distinct().Order().ToList();
        var pieces = splits.Count == 0
            ? [content]
            : await merger.SplitAsync(content, contentSeconds, splits, i => workspace.PathFor($"content-{i}.wav"), cancellationToken);
        var bounds = new List<double> { 0 };
        bounds.AddRange(splits);

        var parts = new List<(string Path, TimelinePartKind Kind, string? SegmentId, double ContentStart)>();
        if (intro is not null)
        {
            parts.Add((intro, TimelinePartKind.Intro, null, 0));
        }

        parts.AddRange(input.Segments.Where(s => s.Position.Placement == SegmentPlacement.AfterIntro).Select(s => (segments[s.SegmentId], TimelinePartKind.Segment, (string?)s.SegmentId, 0.0)));
        for (var i = 0; i < pieces.Count; i++)
        {
            var pieceStart = bounds[i];
            parts.AddRange(inside.Where(s => i == 0 ? s.At <= 0 : s.At == pieceStart).Select(s => (segments[s.Segment.SegmentId], TimelinePartKind.Segment, (string?)s.Segment.SegmentId, 0.0)));
            parts.Add((pieces[i], TimelinePartKind.Content, null, pieceStart));
        }

        parts.AddRange(inside.Where(s => s.At >= contentSeconds).Select(s => (segments[s.Segment.SegmentId], TimelinePartKind.Segment, (string?)s.Segment.SegmentId, 0.0)));
        parts.AddRange(input.Segments.Where(s => s.Position.Placement == SegmentPlacement.BeforeOutro).Select(s => (segments[s.SegmentId], TimelinePartKind.Segment, (string?)s.SegmentId, 0.0)));
        if (outro is not null)
        {
            parts.Add((outro, TimelinePartKind.Outro, null, 0));
        }

        // The parts are concatenated end to end, so their durations lay out the episode's timeline.
        var laid = new List<(TimelinePartKind, double, string?, double)>();
        foreach (var part in parts)
        {
            laid.Add((part.Kind, await inspector.DurationAsync(part.Path, cancellationToken), part.SegmentId, part.ContentStart));
        }

        var timeline = EpisodeTimeline.Lay(laid);
        var merged = workspace.PathFor("merged.wav");
        var measured = await merger.ConcatAsync(parts.Select(p => p.Path).ToList(), merged, cancellationToken, bed, input.BedLevels, channels);
        if (measured.IsSilent)
        {
            throw new InvalidBuildInputException("The episode is silent, so it cannot be loudness-normalised.");
        }

        var duration = await inspector.DurationAsync(merged, cancellationToken);
        var key = input.Build.File("merged.wav");
        await store.UploadFileAsync(merged, key, "audio/wav", cancellationToken: cancellationToken);
        var timelinePath = workspace.PathFor("timeline.json");
        await File.WriteAllTextAsync(timelinePath, timeline.ToJson(), cancellationToken);
        var timelineKey = input.Build.File("timeline.json");
        await store.UploadFileAsync(timelinePath, timelineKey, "application/json", cancellationToken: cancellationToken);
        logger.LogInformation("Build {BuildId}: merged {PartCount} parts into {Duration:0.00} s at {Lufs:0.0} LUFS", input.Build.BuildId, parts.Count, duration, measured.IntegratedLufs);
        return new MergeEpisodeOutput(key, duration, measured, timelineKey, clockKey, channels);
    }

    /// <summary>An optional part, downloaded and inspected, with its channel count; (null, 0) when there is none.</summary>
    private async Task<(string? Path, int Channels)> OptionalPartAsync(string what, string? key, string name, Workspace workspace, CancellationToken cancellationToken)
    {
        if (key is null)
        {
            return (null, 0);
        }

        var path = workspace.PathFor(name + ObjectKeys.SafeExtension(key));
        var info = await InputErrors.AboutAsync(what, key, async () =>
        {
            await store.DownloadToFileAsync(key, path, cancellationToken);
            return await inspector.InspectAsync(path, cancellationToken);
        });
        return (path, info.Channels);
    }
}
