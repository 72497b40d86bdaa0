using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Transcription;
using EpisodeBuilder.Storage;
using EpisodeBuilder.Storage.Workspaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.InspectUpload;

/// <summary>Input of <see cref="InspectUploadActivity"/>: the uploaded recording to check.</summary>
public sealed record InspectUploadInput(BuildRef Build, string RecordingKey) : IBuildStepInput<InspectUploadOutput>;

/// <summary>
/// What the upload turned out to be, and the keys of what every later step starts from: the lossless working copy,
/// the 16 kHz copy speech recognition reads, the analysis (duration, silences), and the chunks to transcribe in parallel.
/// </summary>
public sealed record InspectUploadOutput(
    string AudioKey,
    string SpeechKey,
    string AnalysisKey,
    double DurationSeconds,
    string Format,
    string Codec,
    int SampleRate,
    int Channels,
    IReadOnlyList<TimeRange> SpeechChunks);

/// <summary>
/// First step of a build: proves the upload is usable audio (rejecting text files, empty or truncated files with
/// a reason the podcaster can act on, and anything over the <see cref="InputLimits"/> before it is decoded) and, in the
/// same single decode, stores the working copy, the speech copy and the
/// figures later steps plan from, so none of them downloads the recording again for a duration or a silence.
/// </summary>
public sealed class InspectUploadActivity(
    ObjectStore store, WorkspaceFactory workspaces, AudioInspector inspector, IOptions<TranscriptionOptions> transcription, IOptions<InputLimits> limits, ILogger<InspectUploadActivity> logger)
    : IEpisodeActivity<InspectUploadInput, InspectUploadOutput>, IReusableActivity
{
    /// <summary>The activity's name in the Durable runtime (part of every running build's history: never renamed).</summary>
    public const string Name = "InspectUpload";

    /// <inheritdoc/>
    public int Version => 1;

    /// <inheritdoc/>
    public object? Settings => new { Chunking = transcription.Value, Limits = limits.Value };

    public async Task<InspectUploadOutput> RunAsync(InspectUploadInput input, CancellationToken cancellationToken)
    {
        await using var workspace = workspaces.Create(Name);
        var upload = workspace.PathFor("upload" + ObjectKeys.SafeExtension(input.RecordingKey));
        var working = workspace.PathFor("source.wav");
        var speech = workspace.PathFor("speech.wav");
        await InputErrors.RefuseLargerThanAsync("the recording", store, input.RecordingKey, limits.Value.MaxUploadBytes, "Limits:MaxUploadBytes", cancellationToken);
        var decoded = await InputErrors.AboutAsync("the recording", input.RecordingKey, async () =>
        {
            await store.DownloadToFileAsync(input.RecordingKey, upload, cancellationToken);
            return await inspector.InspectAndDecodeAsync(
                upload, working, speech, cancellationToken, longest: new RecordingLimit(limits.Value.MaxRecordingDuration, "Limits:MaxRecordingDuration"));
        });
        var info = decoded.Info;

        var analysis = new RecordingAnalysis(info.DurationSeconds, decoded.Silences) { Pauses = decoded.Pauses };
        var analysisPath = workspace.PathFor("analysis.json");
        await File.WriteAllTextAsync(analysisPath, analysis.ToJson(), cancellationToken);

        var keys = (Audio: input.Build.File("source.wav"), Speech: input.Build.File("speech.wav"), Analysis: input.Build.File("analysis.json"));
        await store.UploadFileAsync(working, keys.Audio, "audio/wav", cancellationToken: cancellationToken);
        await store.UploadFileAsync(speech, keys.Speech, "audio/wav", cancellationToken: cancellationToken);
        await store.UploadFileAsync(analysisPath, keys.Analysis, "application/json", cancellationToken: cancellationToken);

        var options = transcription.Value;
        var chunks = SpeechChunkPlanner.Plan(info.DurationSeconds, decoded.Silences, options.ChunkSeconds, options.Parallelism);
        logger.LogInformation(
            "Build {BuildId}: {RecordingKey} is {Codec} audio of {Duration:0.00} s with {SilenceCount} silences, {ChunkCount} speech chunks",
            input.Build.BuildId, input.RecordingKey, info.Codec, info.DurationSeconds, decoded.Silences.Count, chunks.Count);
        return new InspectUploadOutput(keys.Audio, keys.Speech, keys.Analysis, info.DurationSeconds, info.Format, info.Codec, info.SampleRate, info.Channels, chunks);
    }
}
