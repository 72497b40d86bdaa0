using System.Net;
using Google;
using Google.Apis.Storage.v1.Data;
using Google.Cloud.Storage.V1;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Storage;

/// <summary>What <see cref="BucketSetup.EnsureAsync"/> changed: on the private bucket, and on the public one when configured.</summary>
public sealed record BucketSetupResult(bool Created, bool Updated, bool PublicCreated = false, bool PublicUpdated = false);

/// <summary>
/// Bucket configuration as code, idempotent. The private bucket (<c>Storage:Bucket</c>): created where that is allowed
/// (emulator, dev), review snippets deleted after 7 days, CORS for the configured origins, uniform bucket-level access,
/// and, once a public bucket takes the published files, public access prevention enforced. The public bucket
/// (<c>Storage:PublicBucket</c>): uniform access, CORS letting any origin read, and allUsers granted <c>roles/storage.objectViewer</c>, nothing
/// more. Then it verifies: a private bucket whose IAM policy names allUsers or allAuthenticatedUsers, or a public bucket
/// anyone cannot read, is an error naming the bucket. Running it again changes nothing.
/// </summary>
public sealed class BucketSetup(StorageClient client, IOptions<StorageOptions> options, ILogger<BucketSetup> logger)
{
    public const int SnippetRetentionDays = 7;
    public const string PublicReader = "allUsers";
    public const string ObjectViewer = "roles/storage.objectViewer";
    private static readonly string[] PublicMembers = [PublicReader, "allAuthenticatedUsers"];
    private readonly StorageOptions _options = options.Value;

    public async Task<BucketSetupResult> EnsureAsync(bool createIfMissing, CancellationToken cancellationToken)
    {
        var hasPublic = !string.IsNullOrWhiteSpace(_options.PublicBucket);
        var (created, updated) = await EnsureBucketAsync(_options.Bucket, Lifecycle(), PrivateCors(), Access(preventPublic: hasPublic), createIfMissing, cancellationToken);
        await VerifyPrivateAsync(_options.Bucket, cancellationToken);
        if (!hasPublic)
        {
            return new BucketSetupResult(created, updated);
        }

        var publicBucket = _options.PublicBucket!;
        var (publicCreated, publicUpdated) = await EnsureBucketAsync(publicBucket, lifecycle: null, PublicCors(), Access(preventPublic: false), createIfMissing, cancellationToken);
        publicUpdated |= await GrantPublicReadAsync(publicBucket, cancellationToken);
        return new BucketSetupResult(created, updated, publicCreated, publicUpdated);
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

    private static Bucket.IamConfigurationData Access(bool preventPublic) => new()
    {
        UniformBucketLevelAccess = new Bucket.IamConfigurationData.UniformBucketLevelAccessData { Enabled = true },
        PublicAccessPrevention = preventPublic ? "enforced" : "inherited",
    };

    private async Task<(bool Created, bool Updated)> EnsureBucketAsync(
        string name, Bucket.LifecycleData? lifecycle, List<Bucket.CorsData> cors, Bucket.IamConfigurationData access, bool createIfMissing, CancellationToken cancellationToken)
    {
        Bucket bucket;
        try
        {
            bucket = await client.GetBucketAsync(name, cancellationToken: cancellationToken);
        }
        catch (GoogleApiException e) when (e.HttpStatusCode == HttpStatusCode.NotFound && createIfMissing)
        {
            await client.CreateBucketAsync(_options.ProjectId, new Bucket { Name = name, Lifecycle = lifecycle, Cors = cors, IamConfiguration = access }, cancellationToken: cancellationToken);
            logger.LogInformation("Created bucket {Bucket}", name);
            return (true, false);
        }

        if ((lifecycle is null || Same(bucket.Lifecycle, lifecycle)) && SameCors(bucket.Cors, cors) && SameAccess(bucket.IamConfiguration, access))
        {
            return (false, false);
        }

        await client.PatchBucketAsync(new Bucket { Name = name, Lifecycle = lifecycle, Cors = cors, IamConfiguration = access }, cancellationToken: cancellationToken);
        logger.LogInformation("Updated lifecycle, CORS and access settings of bucket {Bucket}", name);
        return (false, true);
    }

    private async Task VerifyPrivateAsync(string name, CancellationToken cancellationToken)
    {
        var policy = await client.GetBucketIamPolicyAsync(name, cancellationToken: cancellationToken);
        var exposed = (policy.Bindings ?? []).Where(b => b.Members?.Any(m => PublicMembers.Contains(m)) == true).Select(b => b.Role).ToList();
        if (exposed.Count > 0)
        {
            throw new BucketAccessException($"Bucket {name} holds uploads and must stay private, but its IAM policy grants {string.Join(", ", exposed)} to allUsers or allAuthenticatedUsers: remove those members.");
        }
    }

    private async Task<bool> GrantPublicReadAsync(string name, CancellationToken cancellationToken)
    {
        var policy = await client.GetBucketIamPolicyAsync(name, cancellationToken: cancellationToken);
        if (policy.Bindings?.Any(b => b.Role == ObjectViewer && b.Members?.Contains(PublicReader) == true) == true)
        {
            return false;
        }

        policy.Bindings ??= [];
        var binding = policy.Bindings.FirstOrDefault(b => b.Role == ObjectViewer && b.Condition is null);
        if (binding is null)
        {
            policy.Bindings.Add(new Policy.BindingsData { Role = ObjectViewer, Members = [PublicReader] });
        }
        else
        {
            binding.Members = [.. binding.Members ?? [], PublicReader];
        }

        try
        {
            await client.SetBucketIamPolicyAsync(name, policy, cancellationToken: cancellationToken);
        }
        catch (GoogleApiException e) when (e.HttpStatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.BadRequest)
        {
            throw new BucketAccessException($"Bucket {name} must be readable by anyone (it serves published episodes and feeds), but granting allUsers {ObjectViewer} was refused: {e.Error?.Message ?? e.Message}");
        }

        logger.LogInformation("Granted allUsers {Role} on bucket {Bucket}", ObjectViewer, name);
        return true;
    }

    /// <summary>The private bucket's CORS: the configured origins (the page that uploads and plays signed audio) may read and write.</summary>
    private List<Bucket.CorsData> PrivateCors() => _options.CorsOrigins.Count == 0
        ? []
        :
        [
            new Bucket.CorsData
            {
                Origin = _options.CorsOrigins.ToList(),
                Method = ["GET", "HEAD", "PUT", "POST", "OPTIONS"],
                ResponseHeader = ["Content-Type", "Content-Length", "Content-Range", "Accept-Ranges", "ETag", "x-goog-resumable", "Location"],
                MaxAgeSeconds = 3600,
            },
        ];

    /// <summary>
    /// The public bucket's CORS: any origin may read (GET, HEAD), so web players and apps in a browser can fetch transcripts,
    /// chapters and episodes, as the Podcasting 2.0 transcript document asks of them.
    /// </summary>
    public static List<Bucket.CorsData> PublicCors() =>
    [
        new Bucket.CorsData
        {
            Origin = ["*"],
            Method = ["GET", "HEAD"],
            ResponseHeader = ["Content-Type", "Content-Length", "Content-Range", "Accept-Ranges", "ETag"],
            MaxAgeSeconds = 3600,
        },
    ];

    private static bool SameCors(IList<Bucket.CorsData>? stored, List<Bucket.CorsData> wanted) =>
        (stored is null || stored.Count == 0) ? wanted.Count == 0 : Same(stored, wanted);

    private static bool SameAccess(Bucket.IamConfigurationData? stored, Bucket.IamConfigurationData wanted) =>
        stored?.UniformBucketLevelAccess?.Enabled == true &&
        string.Equals(stored.PublicAccessPrevention ?? "inherited", wanted.PublicAccessPrevention, StringComparison.Ordinal);

    private static bool Same<T>(T? stored, T wanted) =>
        stored is not null && Normalize(stored) == Normalize(wanted);

    private static string Normalize<T>(T value) =>
        Newtonsoft.Json.JsonConvert.SerializeObject(value, new Newtonsoft.Json.JsonSerializerSettings { NullValueHandling = Newtonsoft.Json.NullValueHandling.Ignore, DefaultValueHandling = Newtonsoft.Json.DefaultValueHandling.Ignore });
}

/// <summary>A bucket's access settings contradict what it is for (private uploads, public episodes); the message names the bucket.</summary>
public sealed class BucketAccessException(string message) : Exception(message);
