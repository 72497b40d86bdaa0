using System.Globalization;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Media;
using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Storage;
using EpisodeBuilder.Media.Wav;
using EpisodeBuilder.Storage.Workspaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.EncodeEpisode;

/// <summary>
/// Input of <see cref="EncodeEpisodeActivity"/>: the merged audio, its measured loudness and target (null: -16 LUFS for a
/// stereo episode, -19 for mono, see <see cref="LoudnessTarget.DefaultLufs"/>), the tags to
/// write, the chapters (Podcasting 2.0 JSON) to write as ID3 chapters, and the cover art to embed, if any.
/// </summary>
public sealed record EncodeEpisodeInput(BuildRef Build, string MergedKey, PublishSettings Publish, Loudness Measured, double? LoudnessLufs, string? ChaptersKey = null, string? ImageKey = null) : IBuildStepInput<EncodeEpisodeOutput>;

/// <summary>Key of the staged MP3 (inside the build's prefix, not yet published) and its figures.</summary>
public sealed record EncodeEpisodeOutput(string StagedKey, double DurationSeconds, long SizeBytes);

/// <summary>
/// Encodes the episode to MP3 with ID3 tags, once, applying in the same pass the loudness gain planned from the merge's
/// measurement (with a limiter, and the gain found by short trial passes, only when the peaks need it), with the cover art
/// (checked again: square JPEG or PNG) as its ID3 front cover; the result is staged until the publish step.
/// </summary>
public sealed class EncodeEpisodeActivity(ObjectStore store, WorkspaceFactory workspaces, IOptions<MediaOptions> media, IOptions<InputLimits> limits, Mp3Encoder encoder, LoudnessProcessor meter, AudioInspector inspector, ArtworkInspector artwork, TimeProvider time, ILogger<EncodeEpisodeActivity> logger)
    : IEpisodeActivity<EncodeEpisodeInput, EncodeEpisodeOutput>, IReusableActivity
{
    /// <summary>The activity's name in the Durable runtime (part of every running build's history: never renamed).</summary>
    public const string Name = "EncodeEpisode";

    /// <inheritdoc/>
    public int Version => 2;

    /// <inheritdoc/>
    public object? Settings => new { Media = media.Value, Year = time.GetUtcNow().Year };

    public async Task<EncodeEpisodeOutput> RunAsync(EncodeEpisodeInput input, CancellationToken cancellationToken)
    {
        await using var workspace = workspaces.Create(Name);
        var merged = workspace.PathFor("merged.wav");
        await store.DownloadToFileAsync(input.MergedKey, merged, cancellationToken);
        var mp3 = workspace.PathFor("episode.mp3");
        var tags = new EpisodeTags(input.Publish.Title, input.Publish.Podcast, input.Publish.Podcast, input.Publish.Description, time.GetUtcNow().Year.ToString(CultureInfo.InvariantCulture));
        var target = input.LoudnessLufs ?? LoudnessTarget.DefaultLufs(WavLayout.Read(merged).Channels);
        var loudness = await meter.PlanAsync(merged, input.Measured, new LoudnessTarget(target), cancellationToken);
        string? chaptersMetadata = null;
        if (input.ChaptersKey is not null)
        {
            var chaptersJson = workspace.PathFor("chapters.json");
            await store.DownloadToFileAsync(input.ChaptersKey, chaptersJson, cancellationToken);
            var chapters = ChaptersJson.Read(await File.ReadAllTextAsync(chaptersJson, cancellationToken));
            chaptersMetadata = workspace.PathFor("chapters.ffmetadata");
            await File.WriteAllTextAsync(chaptersMetadata, ChapterMetadata.Write(chapters, await inspector.DurationAsync(merged, cancellationToken)), cancellationToken);
        }

        string? cover = null;
        if (input.ImageKey is { } imageKey)
        {
            cover = workspace.PathFor("cover");
            await store.DownloadToFileAsync(imageKey, cover, cancellationToken);
            var art = await InputErrors.AboutAsync("the cover art", imageKey, () => artwork.InspectAsync(cover, cancellationToken));
            if (art.Problem(limits.Value.MaxImageBytes) is { } problem)
            {
                throw new InvalidBuildInputException($"The cover art '{imageKey}' {problem}.");
            }
        }

        await encoder.EncodeAsync(merged, mp3, tags, cancellationToken, loudness, chaptersMetadata, cover);
        var duration = await inspector.DurationAsync(mp3, cancellationToken);
        var size = new FileInfo(mp3).Length;
        var key = input.Build.File("episode.mp3");
        await store.UploadFileAsync(mp3, key, "audio/mpeg", cancellationToken: cancellationToken);
        logger.LogInformation(
            "Build {BuildId}: encoded {Size} bytes, {Duration:0.00} s (gain {Gain:0.0} dB, limited at {Limit} dB after {Trials} trial passes)",
            input.Build.BuildId, size, duration, loudness.GainDb, loudness.LimitDb, loudness.Trials);
        return new EncodeEpisodeOutput(key, duration, size);
    }
}
