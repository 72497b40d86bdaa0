using EpisodeBuilder.Activities.Builds;
using EpisodeBuilder.Activities.Errors;
using EpisodeBuilder.Activities.Storage;
using EpisodeBuilder.Activities.Workspaces;
using EpisodeBuilder.Media.Ffmpeg;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Activities.Media;

/// <summary>Input of <see cref="ActivityNames.InspectUpload"/>: the uploaded recording to check.</summary>
public sealed record InspectUploadInput(BuildRef Build, string RecordingKey) : IBuildStepInput;

/// <summary>What the upload turned out to be, and the key of its lossless working copy.</summary>
public sealed record InspectUploadOutput(string AudioKey, double DurationSeconds, string Format, string Codec, int SampleRate, int Channels);

/// <summary>
/// First step of a build: proves the upload is usable audio (rejecting text files, empty or truncated files with
/// a reason the podcaster can act on) and stores the lossless working copy every later step starts from.
/// </summary>
public sealed class InspectUploadActivity(ObjectStore store, WorkspaceFactory workspaces, AudioInspector inspector, ILogger<InspectUploadActivity> logger)
    : IEpisodeActivity<InspectUploadInput, InspectUploadOutput>
{
    public async Task<InspectUploadOutput> RunAsync(InspectUploadInput input, CancellationToken cancellationToken)
    {
        await using var workspace = workspaces.Create(ActivityNames.InspectUpload);
        var upload = workspace.PathFor("upload" + ObjectKeys.SafeExtension(input.RecordingKey));
        var info = await InputErrors.AboutAsync("the recording", input.RecordingKey, async () =>
        {
            await store.DownloadToFileAsync(input.RecordingKey, upload, cancellationToken);
            return await inspector.InspectAsync(upload, cancellationToken);
        });

        var working = workspace.PathFor("source.wav");
        await inspector.DecodeToWavAsync(upload, working, cancellationToken);
        var key = input.Build.File("source.wav");
        await store.UploadFileAsync(working, key, "audio/wav", cancellationToken: cancellationToken);
        logger.LogInformation("Build {BuildId}: {RecordingKey} is {Codec} audio of {Duration:0.00} s", input.Build.BuildId, input.RecordingKey, info.Codec, info.DurationSeconds);
        return new InspectUploadOutput(key, info.DurationSeconds, info.Format, info.Codec, info.SampleRate, info.Channels);
    }
}
