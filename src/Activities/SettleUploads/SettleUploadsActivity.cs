using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.SettleUploads;

/// <summary>Input of <see cref="SettleUploadsActivity"/>: the files the caller uploaded for a build, and whether it published.</summary>
public sealed record SettleUploadsInput(BuildRef Build, IReadOnlyList<string> UploadKeys, bool Published) : IBuildStepInput<SettleUploadsOutput>;

/// <summary>How many of the uploads had their retirement date changed.</summary>
public sealed record SettleUploadsOutput(int Dated);

/// <summary>
/// Decides how long a build's uploads (its recording and supplied transcript; never the intro, outro or bed, which other
/// builds share) are kept once the build has ended. A build that failed or was canceled gives them a retirement date
/// <see cref="StorageOptions.AbandonedUploadRetentionDays"/> ahead, after which the bucket's lifecycle rule deletes them, so
/// abandoned recordings do not pile up while a retry stays possible meanwhile. A build that published keeps them for good:
/// a date an earlier failed build gave them moves to <see cref="ObjectStore.NeverRetired"/>, and one that carries no date
/// is left alone. A file kept for good is never dated again by a later failure (GCS moves a date only later). Runs even
/// after a cancel, and only on files under the build's owner's prefix.
/// </summary>
public sealed class SettleUploadsActivity(ObjectStore store, IOptions<StorageOptions> options, TimeProvider time, ILogger<SettleUploadsActivity> logger)
    : IEpisodeActivity<SettleUploadsInput, SettleUploadsOutput>, IUninterruptibleActivity
{
    /// <summary>The activity's name in the Durable runtime (part of every running build's history: never renamed).</summary>
    public const string Name = "SettleUploads";

    public async Task<SettleUploadsOutput> RunAsync(SettleUploadsInput input, CancellationToken cancellationToken)
    {
        var at = input.Published ? ObjectStore.NeverRetired : time.GetUtcNow().AddDays(options.Value.AbandonedUploadRetentionDays);
        var dated = 0;
        foreach (var key in input.UploadKeys.Distinct(StringComparer.Ordinal))
        {
            ObjectKeys.ValidateUserKey(input.Build.UserId, key);
            if (await store.RetireAsync(key, at, onlyIfDated: input.Published, cancellationToken))
            {
                dated++;
                logger.LogInformation("Build {BuildId}: upload {Key} {Fate}", input.Build.BuildId, key, input.Published ? "is kept for good" : $"retires on {at:yyyy-MM-dd}");
            }
        }

        return new SettleUploadsOutput(dated);
    }
}
