using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Media.Waveform;
using EpisodeBuilder.Storage;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Activities.ComputePeaks;

/// <summary>Input of <see cref="ComputePeaksActivity"/>: the audio to draw and the name its peaks are stored under.</summary>
public sealed record ComputePeaksInput(BuildRef Build, string AudioKey, string Name) : IBuildStepInput<ComputePeaksOutput>;

/// <summary>Key of the stored peaks (<c>{build}/{name}.peaks.json</c>), their pixel count and the duration they cover.</summary>
public sealed record ComputePeaksOutput(string PeaksKey, int Length, double DurationSeconds, long SizeBytes);

/// <summary>
/// Computes waveform peaks (audiowaveform JSON, which the review page draws) of a stored recording or episode. FFmpeg reads
/// the object through a short-lived signed URL and its PCM output is folded into peaks as it streams, so neither the audio
/// nor a copy of it is held: memory grows with the pixels, not with the recording.
/// </summary>
public sealed class ComputePeaksActivity(ObjectStore store, SignedUrls urls, PeaksExtractor extractor, ILogger<ComputePeaksActivity> logger)
    : IEpisodeActivity<ComputePeaksInput, ComputePeaksOutput>, IReusableActivity
{
    /// <summary>The activity's name in the Durable runtime (part of every running build's history: never renamed).</summary>
    public const string Name = "ComputePeaks";

    /// <inheritdoc/>
    public int Version => 1;

    /// <inheritdoc/>
    public object? Settings => null;

    /// <summary>How long FFmpeg's signed URL lives: long enough to stream a long recording once.</summary>
    public static readonly TimeSpan SourceUrlLifetime = TimeSpan.FromHours(1);

    public async Task<ComputePeaksOutput> RunAsync(ComputePeaksInput input, CancellationToken cancellationToken)
    {
        if (!ObjectKeys.IsValidId(input.Name))
        {
            throw new ArgumentException($"'{input.Name}' is not a valid peaks name.", nameof(input));
        }

        _ = await store.GetAsync(input.AudioKey, cancellationToken) ?? throw new ObjectNotFoundException(input.AudioKey);
        var source = await urls.ForReadAsync(input.AudioKey, SourceUrlLifetime, cancellationToken);
        var peaks = await extractor.ComputeAsync(source.Url, cancellationToken);
        var key = input.Build.File($"{input.Name}.peaks.json");
        var stored = await store.WriteTextAsync(key, peaks.ToJson(), "application/json", WriteCondition.Overwrite, cancellationToken);
        logger.LogInformation("Build {BuildId}: {Name} peaks, {Length} pixels covering {Duration:0.0} s, {Size} bytes", input.Build.BuildId, input.Name, peaks.Length, peaks.DurationSeconds, stored.Size);
        return new ComputePeaksOutput(key, peaks.Length, peaks.DurationSeconds, stored.Size);
    }
}
