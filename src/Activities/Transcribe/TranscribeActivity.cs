using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.TranscribeChunk;
using EpisodeBuilder.Media.Transcription;
using EpisodeBuilder.Storage;
using EpisodeBuilder.Storage.Workspaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.Transcribe;

/// <summary>
/// Input of <see cref="TranscribeActivity"/>: the transcript the request supplied, or the keys of the chunks
/// <see cref="TranscribeChunkActivity"/> transcribed, in order.
/// </summary>
public sealed record TranscribeInput(BuildRef Build, string? SuppliedTranscriptKey, IReadOnlyList<string> ChunkKeys) : IBuildStepInput<TranscribeOutput>;

/// <summary>Keys of the stored transcript (JSON words) and its WebVTT subtitles.</summary>
public sealed record TranscribeOutput(string TranscriptKey, string SubtitlesKey, int WordCount, string Engine);

/// <summary>
/// Produces the build's transcript: the chunks' words joined in order (each chunk's times are already on the
/// recording's clock), or the transcript the request supplied (validated). Stores it as JSON words and as WebVTT.
/// </summary>
public sealed class TranscribeActivity(ObjectStore store, WorkspaceFactory workspaces, IOptions<InputLimits> limits, ILogger<TranscribeActivity> logger)
    : IEpisodeActivity<TranscribeInput, TranscribeOutput>, IReusableActivity
{
    /// <summary>The activity's name in the Durable runtime (part of every running build's history: never renamed).</summary>
    public const string Name = "Transcribe";

    /// <inheritdoc/>
    public int Version => 1;

    /// <inheritdoc/>
    public object? Settings => new { Limits = limits.Value };

    public async Task<TranscribeOutput> RunAsync(TranscribeInput input, CancellationToken cancellationToken)
    {
        await using var workspace = workspaces.Create(Name);
        Transcript transcript;
        if (input.SuppliedTranscriptKey is { } supplied)
        {
            var path = workspace.PathFor("supplied.json");
            await InputErrors.RefuseLargerThanAsync("the transcript", store, supplied, limits.Value.MaxTranscriptBytes, "Limits:MaxTranscriptBytes", cancellationToken);
            transcript = await InputErrors.AboutAsync("the transcript", supplied, async () =>
            {
                await store.DownloadToFileAsync(supplied, path, cancellationToken);
                // A supplied transcript's words are the evidence: what a person or another engine wrote, not hits to weigh.
                return Transcript.FromJson(await File.ReadAllTextAsync(path, cancellationToken)) with { KeywordHits = null };
            });
        }
        else
        {
            var parts = new List<Transcript>();
            foreach (var key in input.ChunkKeys)
            {
                var text = await store.ReadTextAsync(key, cancellationToken) ?? throw new ObjectNotFoundException(key);
                parts.Add(Transcript.FromJson(text.Text));
            }

            transcript = Join(parts);
        }

        var json = workspace.PathFor("transcript.json");
        await File.WriteAllTextAsync(json, transcript.ToJson(), cancellationToken);
        await store.UploadFileAsync(json, input.Build.Transcript(), "application/json", cancellationToken: cancellationToken);
        var vtt = workspace.PathFor("transcript.vtt");
        await File.WriteAllTextAsync(vtt, WebVttWriter.Write(transcript), cancellationToken);
        await store.UploadFileAsync(vtt, input.Build.Subtitles(), "text/vtt", cancellationToken: cancellationToken);

        logger.LogInformation("Build {BuildId}: transcript from {Engine} with {WordCount} words from {ChunkCount} chunks", input.Build.BuildId, transcript.Engine, transcript.Words.Count, input.ChunkKeys.Count);
        return new TranscribeOutput(input.Build.Transcript(), input.Build.Subtitles(), transcript.Words.Count, transcript.Engine);
    }

    /// <summary>Joins consecutive chunks' words; chunks meet in a pause, so the words are already in order.</summary>
    public static Transcript Join(IReadOnlyList<Transcript> chunks) =>
        new(chunks.Count > 0 ? chunks[0].Engine : "none", chunks.SelectMany(c => c.Words).OrderBy(w => w.Start).ToList())
        {
            KeywordHits = chunks.Any(c => c.Recognised) ? chunks.SelectMany(c => c.KeywordHits ?? []).OrderBy(w => w.Start).ToList() : null,
        };
}
