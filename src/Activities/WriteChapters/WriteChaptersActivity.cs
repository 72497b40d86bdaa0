using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Media.Transcription;
using EpisodeBuilder.Storage;
using EpisodeBuilder.Storage.Workspaces;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Activities.WriteChapters;

/// <summary>
/// Input of <see cref="WriteChaptersActivity"/>: the recording's transcript, where the cut put each
/// moment of the recording (<see cref="ContentClock"/>), where the merge put each part (<see cref="EpisodeTimeline"/>),
/// the episode's title and each generated segment's text.
/// </summary>
public sealed record WriteChaptersInput(
    BuildRef Build,
    string TranscriptKey,
    string ClockKey,
    string TimelineKey,
    string Title,
    IReadOnlyDictionary<string, string> SegmentTexts) : IBuildStepInput<WriteChaptersOutput>;

/// <summary>Keys of the chapters (Podcasting 2.0 JSON) and of the transcript on the episode's clock, as WebVTT and as Podcasting 2.0 JSON.</summary>
public sealed record WriteChaptersOutput(string ChaptersKey, string SubtitlesKey, string TranscriptKey, int ChapterCount, int WordCount);

/// <summary>
/// Writes what the feed publishes beside the episode, on the episode's clock: the chapters (the intro, each generated
/// segment, the content, the outro; the encode also writes them into the MP3 as ID3 chapters; producer notes stay in the
/// review) and the transcript without the words the edit removed, moved by the cuts and parts before them.
/// </summary>
public sealed class WriteChaptersActivity(ObjectStore store, WorkspaceFactory workspaces, ILogger<WriteChaptersActivity> logger)
    : IEpisodeActivity<WriteChaptersInput, WriteChaptersOutput>, IReusableActivity
{
    /// <summary>The activity's name in the Durable runtime (part of every running build's history: never renamed).</summary>
    public const string Name = "WriteChapters";

    /// <inheritdoc/>
    public int Version => 1;

    /// <inheritdoc/>
    public object? Settings => null;

    public async Task<WriteChaptersOutput> RunAsync(WriteChaptersInput input, CancellationToken cancellationToken)
    {
        await using var workspace = workspaces.Create(Name);
        var transcript = Transcript.FromJson(await ReadAsync(input.TranscriptKey, workspace, "transcript.json", cancellationToken));
        var clock = ContentClock.FromJson(await ReadAsync(input.ClockKey, workspace, "content-clock.json", cancellationToken));
        var timeline = EpisodeTimeline.FromJson(await ReadAsync(input.TimelineKey, workspace, "timeline.json", cancellationToken));

        var onEpisode = TranscriptRetimer.OnEpisodeClock(transcript, clock, timeline);
        var chapters = ChapterPlanner.Plan(timeline, input.Title, input.SegmentTexts);

        var chaptersKey = await WriteAsync(input.Build, workspace, "chapters.json", ChaptersJson.Write(chapters), "application/json+chapters", cancellationToken);
        var subtitlesKey = await WriteAsync(input.Build, workspace, "episode.vtt", WebVttWriter.Write(onEpisode), "text/vtt", cancellationToken);
        var transcriptKey = await WriteAsync(input.Build, workspace, "episode-transcript.json", PodcastTranscriptJson.Write(onEpisode), "application/json", cancellationToken);
        logger.LogInformation(
            "Build {BuildId}: {ChapterCount} chapters; {WordCount} of the recording's {Heard} words are in the episode",
            input.Build.BuildId, chapters.Count, onEpisode.Words.Count, transcript.Words.Count);
        return new WriteChaptersOutput(chaptersKey, subtitlesKey, transcriptKey, chapters.Count, onEpisode.Words.Count);
    }

    private async Task<string> ReadAsync(string key, Workspace workspace, string name, CancellationToken cancellationToken)
    {
        var path = workspace.PathFor(name);
        await store.DownloadToFileAsync(key, path, cancellationToken);
        return await File.ReadAllTextAsync(path, cancellationToken);
    }

    private async Task<string> WriteAsync(BuildRef build, Workspace workspace, string name, string text, string contentType, CancellationToken cancellationToken)
    {
        var path = workspace.PathFor(name);
        await File.WriteAllTextAsync(path, text, cancellationToken);
        var key = build.File(name);
        await store.UploadFileAsync(path, key, contentType, cancellationToken: cancellationToken);
        return key;
    }
}
