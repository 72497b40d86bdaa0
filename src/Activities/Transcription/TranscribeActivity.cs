using EpisodeBuilder.Activities.Builds;
using EpisodeBuilder.Activities.Errors;
using EpisodeBuilder.Activities.Storage;
using EpisodeBuilder.Activities.Workspaces;
using EpisodeBuilder.Media.Transcription;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Activities.Transcription;

/// <summary>Input of <see cref="ActivityNames.Transcribe"/>: the working audio, or a transcript to use instead.</summary>
public sealed record TranscribeInput(BuildRef Build, string AudioKey, string? SuppliedTranscriptKey) : IBuildStepInput;

/// <summary>Keys of the stored transcript (JSON words) and its WebVTT subtitles.</summary>
public sealed record TranscribeOutput(string TranscriptKey, string SubtitlesKey, int WordCount, string Engine);

/// <summary>
/// Produces the build's transcript: word timings from the speech-to-text engine, or the transcript the request
/// supplied (validated). Stores it as JSON words and as WebVTT subtitles.
/// </summary>
public sealed class TranscribeActivity(ObjectStore store, WorkspaceFactory workspaces, ITranscriber transcriber, ILogger<TranscribeActivity> logger)
    : IEpisodeActivity<TranscribeInput, TranscribeOutput>
{
    public async Task<TranscribeOutput> RunAsync(TranscribeInput input, CancellationToken cancellationToken)
    {
        await using var workspace = workspaces.Create(ActivityNames.Transcribe);
        Transcript transcript;
        if (input.SuppliedTranscriptKey is { } supplied)
        {
            var path = workspace.PathFor("supplied.json");
            transcript = await InputErrors.AboutAsync("the transcript", supplied, async () =>
            {
                await store.DownloadToFileAsync(supplied, path, cancellationToken);
                return Transcript.FromJson(await File.ReadAllTextAsync(path, cancellationToken));
            });
        }
        else
        {
            var audio = workspace.PathFor("source.wav");
            await store.DownloadToFileAsync(input.AudioKey, audio, cancellationToken);
            transcript = await transcriber.TranscribeAsync(audio, workspace.Directory, cancellationToken);
        }

        var json = workspace.PathFor("transcript.json");
        await File.WriteAllTextAsync(json, transcript.ToJson(), cancellationToken);
        await store.UploadFileAsync(json, input.Build.Transcript(), "application/json", cancellationToken: cancellationToken);
        var vtt = workspace.PathFor("transcript.vtt");
        await File.WriteAllTextAsync(vtt, WebVttWriter.Write(transcript), cancellationToken);
        await store.UploadFileAsync(vtt, input.Build.Subtitles(), "text/vtt", cancellationToken: cancellationToken);

        logger.LogInformation("Build {BuildId}: transcript from {Engine} with {WordCount} words", input.Build.BuildId, transcript.Engine, transcript.Words.Count);
        return new TranscribeOutput(input.Build.Transcript(), input.Build.Subtitles(), transcript.Words.Count, transcript.Engine);
    }
}
