using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.PublishEpisode;
using EpisodeBuilder.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.HoldForSchedule;

/// <summary>Input of <see cref="HoldForScheduleActivity"/>: what the publish will copy out, and when it is due.</summary>
public sealed record HoldForScheduleInput(BuildRef Build, string StagedKey, EpisodeCompanions Companions, DateTime PublishAt) : IBuildStepInput<HoldForScheduleOutput>;

/// <summary>The held copies, which the publish reads instead of the intermediates.</summary>
public sealed record HoldForScheduleOutput(string StagedKey, EpisodeCompanions Companions);

/// <summary>
/// Keeps what a scheduled build will publish until its time comes. A build's intermediates go some days after they were made
/// (<see cref="StorageOptions.IntermediateRetentionDays"/>) and a build may wait up to a year, so the staged MP3, transcripts
/// and chapters are copied (server-side) under <see cref="ObjectKeys.ScheduledPrefix"/>, each with a retirement date
/// <see cref="StorageOptions.IntermediateRetentionDays"/> after the publish time: the bucket's retirement rule removes them
/// then, whether the build published, was canceled or died. Idempotent.
/// </summary>
public sealed class HoldForScheduleActivity(ObjectStore store, IOptions<StorageOptions> storage, ILogger<HoldForScheduleActivity> logger)
    : IEpisodeActivity<HoldForScheduleInput, HoldForScheduleOutput>
{
    /// <summary>The activity's name in the Durable runtime (part of every running build's history: never renamed).</summary>
    public const string Name = "HoldForSchedule";

    public async Task<HoldForScheduleOutput> RunAsync(HoldForScheduleInput input, CancellationToken cancellationToken)
    {
        var retireAt = new DateTimeOffset(DateTime.SpecifyKind(input.PublishAt, DateTimeKind.Utc)).AddDays(storage.Value.IntermediateRetentionDays);
        async Task<string> HoldAsync(string key, string name)
        {
            var held = (await store.CopyAsync(key, input.Build.Held(name), WriteCondition.Overwrite, cancellationToken)).Key;
            await store.RetireAsync(held, retireAt, onlyIfDated: false, cancellationToken);
            return held;
        }

        var companions = input.Companions;
        var output = new HoldForScheduleOutput(
            await HoldAsync(input.StagedKey, "episode.mp3"),
            new EpisodeCompanions(
                await HoldAsync(companions.SubtitlesKey, "transcript.vtt"),
                await HoldAsync(companions.TranscriptKey, "transcript.json"),
                await HoldAsync(companions.ChaptersKey, "chapters.json")));
        logger.LogInformation("Build {BuildId}: held for publishing at {PublishAt:u}, until {RetireAt:u}", input.Build.BuildId, input.PublishAt, retireAt);
        return output;
    }
}
