using System.Net;
using Google;
using Google.Apis.Storage.v1.Data;
using Google.Cloud.Storage.V1;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.Storage;

/// <summary>What <see cref="BucketSetup.EnsureAsync"/> changed.</summary>
public sealed record BucketSetupResult(bool Created, bool Updated);

/// <summary>
/// Bucket configuration as code, idempotent: creates the bucket where that is allowed (emulator, dev), deletes
/// review snippets after 7 days, and lets browsers load signed audio URLs (CORS) for the waveform view.
/// Running it again changes nothing.
/// </summary>
public sealed class BucketSetup(StorageClient client, IOptions<StorageOptions> options, ILogger<BucketSetup> logger)
{
    public const int SnippetRetentionDays = 7;
    private readonly StorageOptions _options = options.Value;

    public async Task<BucketSetupResult> EnsureAsync(bool createIfMissing, CancellationToken cancellationToken)
    {
        Bucket bucket;
        var created = false;
        try
        {
            bucket = await client.GetBucketAsync(_options.Bucket, cancellationToken: cancellationToken);
        }
        catch (GoogleApiException e) when (e.HttpStatusCode == HttpStatusCode.NotFound && createIfMissing)
        {
            bucket = await client.CreateBucketAsync(_options.ProjectId, new Bucket { Name = _options.Bucket, Lifecycle = Lifecycle(), Cors = Cors() }, cancellationToken: cancellationToken);
            logger.LogInformation("Created bucket {Bucket}", _options.Bucket);
            created = true;
        }

        if (created || (Same(bucket.Lifecycle, Lifecycle()) && Same(bucket.Cors, Cors())))
        {
            return new BucketSetupResult(created, Updated: false);
        }

        await client.PatchBucketAsync(new Bucket { Name = _options.Bucket, Lifecycle = Lifecycle(), Cors = Cors() }, cancellationToken: cancellationToken);
        logger.LogInformation("Updated lifecycle and CORS rules of bucket {Bucket}", _options.Bucket);
        return new BucketSetupResult(Created: false, Updated: true);
    }

    public static Bucket.LifecycleData Lifecycle() => new()
    {
        Rule =
        [
            new Bucket.LifecycleData.RuleData
            {
                Action = new Bucket.LifecycleData.RuleData.ActionData { Type = "Delete" },
                Condition = new Bucket.LifecycleData.RuleData.ConditionData { Age = SnippetRetentionDays, MatchesPrefix = [ObjectKeys.SnippetPrefix] },
            },
        ],
    };

    private List<Bucket.CorsData> Cors() =>
    [
        new Bucket.CorsData
        {
            Origin = _options.CorsOrigins.ToList(),
            Method = ["GET", "HEAD", "PUT", "POST", "OPTIONS"],
            ResponseHeader = ["Content-Type", "Content-Length", "Content-Range", "Accept-Ranges", "ETag", "x-goog-resumable", "Location"],
            MaxAgeSeconds = 3600,
        },
    ];

    private static bool Same<T>(T? stored, T wanted) =>
        stored is not null && Normalize(stored) == Normalize(wanted);

    private static string Normalize<T>(T value) =>
        Newtonsoft.Json.JsonConvert.SerializeObject(value, new Newtonsoft.Json.JsonSerializerSettings { NullValueHandling = Newtonsoft.Json.NullValueHandling.Ignore, DefaultValueHandling = Newtonsoft.Json.DefaultValueHandling.Ignore });
}
