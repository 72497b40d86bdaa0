using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Media;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Speech;
using EpisodeBuilder.Storage;
using EpisodeBuilder.Storage.Workspaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.GenerateSegment;

/// <summary>Input of <see cref="GenerateSegmentActivity"/>: one AI segment's text.</summary>
public sealed record GenerateSegmentInput(BuildRef Build, string SegmentId, string Text, double LoudnessLufs) : IBuildStepInput<GenerateSegmentOutput>;

/// <summary>Key and duration of one generated segment.</summary>
public sealed record GenerateSegmentOutput(string SegmentId, string SegmentKey, double DurationSeconds);

/// <summary>Speaks one AI segment with the text-to-speech engine, at the episode's loudness.</summary>
public sealed class GenerateSegmentActivity(
    ObjectStore store, WorkspaceFactory workspaces, IOptions<MediaOptions> media, ISpeechSynthesizer speech, LoudnessProcessor loudness, AudioInspector inspector, ILogger<GenerateSegmentActivity> logger)
    : IEpisodeActivity<GenerateSegmentInput, GenerateSegmentOutput>, IReusableActivity
{
    /// <summary>The activity's name in the Durable runtime (part of every running build's history: never renamed).</summary>
    public const string Name = "GenerateSegment";

    /// <inheritdoc/>
    public int Version => 1;

    /// <inheritdoc/>
    public object? Settings => new { Voice = speech.GetType().FullName, Media = media.Value };

    public async Task<GenerateSegmentOutput> RunAsync(GenerateSegmentInput input, CancellationToken cancellationToken)
    {
        await using var workspace = workspaces.Create(Name);
        var raw = workspace.PathFor("speech.wav");
        await InputErrors.AboutAsync("segment", input.SegmentId, async () =>
        {
            await speech.SynthesizeAsync(input.Text, raw, cancellationToken);
            return true;
        });
        var segment = workspace.PathFor("segment.wav");
        await loudness.NormalizeAsync(raw, segment, input.LoudnessLufs, cancellationToken);
        var duration = await inspector.DurationAsync(segment, cancellationToken);
        var key = input.Build.Segment(input.SegmentId);
        await store.UploadFileAsync(segment, key, "audio/wav", cancellationToken: cancellationToken);
        logger.LogInformation("Build {BuildId}: segment {SegmentId} spoken by {Engine}, {Duration:0.00} s", input.Build.BuildId, input.SegmentId, speech.Name, duration);
        return new GenerateSegmentOutput(input.SegmentId, key, duration);
    }
}
