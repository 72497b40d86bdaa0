using System.Globalization;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Transcription;
using EpisodeBuilder.Storage;
using EpisodeBuilder.Storage.Workspaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.TranscribeChunk;

/// <summary>Input of <see cref="TranscribeChunkActivity"/>: which range of the speech copy to transcribe.</summary>
public sealed record TranscribeChunkInput(BuildRef Build, string SpeechKey, int Index, TimeRange Range) : IBuildStepInput<TranscribeChunkOutput>;

/// <summary>Key of the chunk's words (times already on the recording's clock) and how many there are.</summary>
public sealed record TranscribeChunkOutput(string ChunkKey, int WordCount);

/// <summary>
/// Transcribes one chunk of the recording: reads only its range of the stored 16 kHz speech copy (two ranged reads; the
/// range starts a few seconds early so the recogniser has adapted by the chunk's first word), runs the speech-to-text
/// engine on it, shifts the word times by the chunk's start and stores the words. Chunks run as
/// separate activities, so a build's transcription spreads over every worker that is free.
/// </summary>
public sealed class TranscribeChunkActivity(ObjectStore store, WorkspaceFactory workspaces, ITranscriber transcriber, IOptions<TranscriptionOptions> options, ILogger<TranscribeChunkActivity> logger)
    : IEpisodeActivity<TranscribeChunkInput, TranscribeChunkOutput>, IReusableActivity
{
    /// <summary>The activity's name in the Durable runtime (part of every running build's history: never renamed).</summary>
    public const string Name = "TranscribeChunk";

    /// <inheritdoc/>
    public int Version => 1;

    /// <inheritdoc/>
    public object? Settings => new { Transcription = options.Value, Engine = transcriber.GetType().FullName };

    public async Task<TranscribeChunkOutput> RunAsync(TranscribeChunkInput input, CancellationToken cancellationToken)
    {
        await using var workspace = workspaces.Create(Name);
        var audio = workspace.PathFor("chunk.wav");
        // The recogniser adapts to the speaker as it goes, so it starts a few seconds early (inside the previous chunk) and
        // the words it hears there are left to that chunk.
        var warmUp = Math.Min(input.Range.Start, options.Value.WarmUpSeconds);
        var offset = await StoredWav.DownloadRangeAsync(store, input.SpeechKey, input.Range with { Start = input.Range.Start - warmUp }, audio, cancellationToken);
        var heard = await transcriber.TranscribeAsync(audio, workspace.Directory, cancellationToken);

        List<TranscriptWord> OnRecordingClock(IEnumerable<TranscriptWord> heardWords) => heardWords
            .Select(w => w with { Start = Math.Round(w.Start + offset, 3), End = Math.Round(w.End + offset, 3) })
            .Where(w => w.Start >= input.Range.Start - 0.005)
            .ToList();
        var words = OnRecordingClock(heard.Words);
        var json = workspace.PathFor("words.json");
        var chunk = new Transcript(heard.Engine, words) { KeywordHits = heard.KeywordHits is { } hits ? OnRecordingClock(hits) : null };
        await File.WriteAllTextAsync(json, chunk.ToJson(), cancellationToken);
        var key = input.Build.File(string.Create(CultureInfo.InvariantCulture, $"transcript-chunk-{input.Index:D4}.json"));
        await store.UploadFileAsync(json, key, "application/json", cancellationToken: cancellationToken);
        logger.LogInformation("Build {BuildId}: chunk {Index} ({Start:0.0}-{End:0.0} s) has {WordCount} words", input.Build.BuildId, input.Index, input.Range.Start, input.Range.End, words.Count);
        return new TranscribeChunkOutput(key, words.Count);
    }
}
