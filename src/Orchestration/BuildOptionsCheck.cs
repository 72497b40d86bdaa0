using EpisodeBuilder.Storage;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Orchestration;

/// <summary>
/// Checks <see cref="BuildOptions"/> against the storage settings at start-up: a build waiting for review reads the
/// intermediates its first steps made, so the review deadline must end at least a day before the lifecycle rule deletes
/// them (<see cref="StorageOptions.IntermediateRetentionDays"/>; GCS acts on a rule up to a day late, never early).
/// </summary>
public sealed class BuildOptionsCheck(IOptions<StorageOptions> storage) : IValidateOptions<BuildOptions>
{
    public ValidateOptionsResult Validate(string? name, BuildOptions options)
    {
        var retention = TimeSpan.FromDays(storage.Value.IntermediateRetentionDays);
        return options.ReviewDeadline + TimeSpan.FromDays(1) <= retention
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Builds:ReviewDeadline ({options.ReviewDeadline}) must end at least a day before Storage:IntermediateRetentionDays ({storage.Value.IntermediateRetentionDays} days) deletes what a build under review reads: shorten the deadline or keep intermediates longer.");
    }
}
