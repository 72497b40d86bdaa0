using System.Globalization;
using EpisodeBuilder.Activities.Builds;
using EpisodeBuilder.Activities.Storage;
using EpisodeBuilder.Activities.Workspaces;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Transcription;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Activities.Transcription;

/// <summary>Input of <see cref="ActivityNames.TranscribeChunk"/>: which range of the speech copy to transcribe.</summary>
public sealed record TranscribeChunkInput(BuildRef Build, string SpeechKey, int Index, TimeRange Range) : IBuildStepInput;

/// <summary>Key of the chunk's words (times already on the recording's clock) and how many there are.</summary>
public sealed record TranscribeChunkOutput(string ChunkKey, int WordCount);

/// <summary>
/// Transcribes one chunk of the recording: reads only its range of the stored 16 kHz speech copy (two ranged reads),
/// runs the speech-to-text engine on it, shifts the word times by the chunk's start and stores the words. Chunks run as
/// separate activities, so a build's transcription spreads over every worker that is free.
/// </summary>
public sealed class TranscribeChunkActivity(ObjectStore store, WorkspaceFactory workspaces, ITranscriber transcriber, ILogger<TranscribeChunkActivity> logger)
    : IEpisodeActivity<TranscribeChunkInput, TranscribeChunkOutput>
{
    public async Task<TranscribeChunkOutput> RunAsync(TranscribeChunkInput input, CancellationToken cancellationToken)
    {
        await using var workspace = workspaces.Create(ActivityNames.TranscribeChunk);
        var audio = workspace.PathFor("chunk.wav");
        var offset = await StoredWav.DownloadRangeAsync(store, input.SpeechKey, input.Range, audio, cancellationToken);
        var heard = await transcriber.TranscribeAsync(audio, workspace.Directory, cancellationToken);

        var words = heard.Words.Select(w => w with { Start = Math.Round(w.Start + offset, 3), End = Math.Round(w.End + offset, 3) }).ToList();
        var json = workspace.PathFor("words.json");
        await File.WriteAllTextAsync(json, new Transcript(heard.Engine, words).ToJson(), cancellationToken);
        var key = input.Build.File(string.Create(CultureInfo.InvariantCulture, $"transcript-chunk-{input.Index:D4}.json"));
        await store.UploadFileAsync(json, key, "application/json", cancellationToken: cancellationToken);
        logger.LogInformation("Build {BuildId}: chunk {Index} ({Start:0.0}-{End:0.0} s) has {WordCount} words", input.Build.BuildId, input.Index, input.Range.Start, input.Range.End, words.Count);
        return new TranscribeChunkOutput(key, words.Count);
    }
}
