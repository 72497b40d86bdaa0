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
/// (emulator, dev), review snippets deleted after 7 days, build intermediates deleted
/// <see cref="StorageOptions.IntermediateRetentionDays"/> after they were made, CORS for the configured origins, uniform
/// bucket-level access, and, once a public bucket takes the published files, public access prevention enforced. The
/// public bucket (<c>Storage:PublicBucket</c>): uniform access, CORS letting any origin read, allUsers granted
/// <c>roles/storage.legacyObjectReader</c> (read a file by name, never list). On both, an object given a retirement date
/// (its custom time: a published file a rebuild superseded, the upload of a failed build) is deleted once that date has
/// passed. Lifecycle rules are merged with the operator's.
/// Then it verifies: a private bucket whose IAM policy names allUsers or allAuthenticatedUsers is an error naming the
/// bucket. Running it again changes nothing.
/// </summary>
public sealed class BucketSetup(StorageClient client, IOptions<StorageOptions> options, ILogger<BucketSetup> logger)
{
    public const int SnippetRetentionDays = 7;
    public const string PublicReader = "allUsers";
    public const string ObjectViewer = "roles/storage.objectViewer";

    /// <summary>
    /// What anyone holds on the public bucket: <c>storage.objects.get</c> and nothing else. <see cref="ObjectViewer"/> would
    /// also grant <c>storage.objects.list</c>, letting anyone enumerate every podcaster's files.
    /// </summary>
    public const string PublicObjectReader = "roles/storage.legacyObjectReader";
    private static readonly string[] PublicMembers = [PublicReader, "allAuthenticatedUsers"];
    private readonly StorageOptions _options = options.Value;

    public async Task<BucketSetupResult> EnsureAsync(bool createIfMissing, CancellationToken cancellationToken)
    {
        var hasPublic = !string.IsNullOrWhiteSpace(_options.PublicBucket);
        List<Bucket.LifecycleData.RuleData> privateRules = [SnippetRule(), IntermediatesRule(), RetirementRule()];
        var (created, updated) = await EnsureBucketAsync(_options.Bucket, privateRules, PrivateCors(), Access(preventPublic: hasPublic), createIfMissing, cancellationToken);
        await VerifyPrivateAsync(_options.Bucket, cancellationToken);
        if (!hasPublic)
        {
            return new BucketSetupResult(created, updated);
        }

        var publicBucket = _options.PublicBucket!;
        var (publicCreated, publicUpdated) = await EnsureBucketAsync(publicBucket, [RetirementRule()], PublicCors(), Access(preventPublic: false), createIfMissing, cancellationToken);
        publicUpdated |= await GrantPublicReadAsync(publicBucket, cancellationToken);
        return new BucketSetupResult(created, updated, publicCreated, publicUpdated);
    }

    /// <summary>Review snippets go after <see cref="SnippetRetentionDays"/> days.</summary>
    public static Bucket.LifecycleData.RuleData SnippetRule() => new()
    {
        Action = new Bucket.LifecycleData.RuleData.ActionData { Type = "Delete" },
        Condition = new Bucket.LifecycleData.RuleData.ConditionData { Age = SnippetRetentionDays, MatchesPrefix = [ObjectKeys.SnippetPrefix] },
    };

    /// <summary>A build's intermediates go <see cref="StorageOptions.IntermediateRetentionDays"/> days after they were made.</summary>
    public Bucket.LifecycleData.RuleData IntermediatesRule() => new()
    {
        Action = new Bucket.LifecycleData.RuleData.ActionData { Type = "Delete" },
        Condition = new Bucket.LifecycleData.RuleData.ConditionData { Age = _options.IntermediateRetentionDays, MatchesPrefix = [ObjectKeys.IntermediatesPrefix] },
    };

    /// <summary>
    /// An object whose custom time has passed goes: the product writes an object's retirement date there
    /// (<see cref="ObjectStore.RetireAsync"/>), and GCS lets a custom time move only later, never be removed.
    /// </summary>
    public static Bucket.LifecycleData.RuleData RetirementRule() => new()
    {
        Action = new Bucket.LifecycleData.RuleData.ActionData { Type = "Delete" },
        Condition = new Bucket.LifecycleData.RuleData.ConditionData { DaysSinceCustomTime = 0 },
    };

    /// <summary>
    /// The bucket's rules with the product's in place: the operator's own rules are kept as they are; a rule of the
    /// product's kind (a delete of the snippet or intermediates prefix, or by days since custom time) is replaced by the
    /// current one.
    /// </summary>
    public static Bucket.LifecycleData Merge(Bucket.LifecycleData? stored, IReadOnlyList<Bucket.LifecycleData.RuleData> ours)
    {
        static bool Ours(Bucket.LifecycleData.RuleData rule) =>
            rule.Action?.Type == "Delete" && rule.Condition is { } c
            && ((c.MatchesPrefix is [var prefix] && prefix is ObjectKeys.SnippetPrefix or ObjectKeys.IntermediatesPrefix && c.DaysSinceCustomTime is null)
                || (c.DaysSinceCustomTime is not null && c.Age is null && (c.MatchesPrefix?.Count ?? 0) == 0 && (c.MatchesSuffix?.Count ?? 0) == 0));
        return new Bucket.LifecycleData { Rule = [.. (stored?.Rule ?? []).Where(r => !Ours(r)), .. ours] };
    }

    private static Bucket.IamConfigurationData Access(bool preventPublic) => new()
    {
        UniformBucketLevelAccess = new Bucket.IamConfigurationData.UniformBucketLevelAccessData { Enabled = true },
        PublicAccessPrevention = preventPublic ? "enforced" : "inherited",
    };

    private async Task<(bool Created, bool Updated)> EnsureBucketAsync(
        string name, IReadOnlyList<Bucket.LifecycleData.RuleData> rules, List<Bucket.CorsData> cors, Bucket.IamConfigurationData access, bool createIfMissing, CancellationToken cancellationToken)
    {
        Bucket bucket;
        try
        {
            bucket = await client.GetBucketAsync(name, cancellationToken: cancellationToken);
        }
        catch (GoogleApiException e) when (e.HttpStatusCode == HttpStatusCode.NotFound && createIfMissing)
        {
            await client.CreateBucketAsync(_options.ProjectId, new Bucket { Name = name, Lifecycle = Merge(null, rules), Cors = cors, IamConfiguration = access }, cancellationToken: cancellationToken);
            logger.LogInformation("Created bucket {Bucket}", name);
            return (true, false);
        }

        var lifecycle = Merge(bucket.Lifecycle, rules);
        if (Same(bucket.Lifecycle, lifecycle) && SameCors(bucket.Cors, cors) && SameAccess(bucket.IamConfiguration, access))
        {
            return (false, false);
        }

        // Read, merge, write only if nobody changed the bucket meanwhile (a lifecycle patch replaces every rule).
        await client.PatchBucketAsync(
            new Bucket { Name = name, Lifecycle = lifecycle, Cors = cors, IamConfiguration = access },
            new PatchBucketOptions { IfMetagenerationMatch = bucket.Metageneration },
            cancellationToken);
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

    /// <summary>
    /// Makes anyone's access to the public bucket exactly <see cref="PublicObjectReader"/>: granted if missing, and
    /// allUsers or allAuthenticatedUsers taken out of every other binding (an earlier <see cref="ObjectViewer"/> grant
    /// let anyone list the bucket). The policy is written with its etag, so a concurrent change is not overwritten.
    /// </summary>
    private async Task<bool> GrantPublicReadAsync(string name, CancellationToken cancellationToken)
    {
        var policy = await client.GetBucketIamPolicyAsync(name, cancellationToken: cancellationToken);
        policy.Bindings ??= [];
        var changed = false;
        foreach (var other in policy.Bindings.Where(b => b.Role != PublicObjectReader && b.Members?.Any(m => PublicMembers.Contains(m)) == true).ToList())
        {
            other.Members = [.. other.Members!.Where(m => !PublicMembers.Contains(m))];
            if (other.Members.Count == 0)
            {
                policy.Bindings.Remove(other);
            }

            logger.LogInformation("Removed public members from {Role} on bucket {Bucket}: they could list it", other.Role, name);
            changed = true;
        }

        if (!policy.Bindings.Any(b => b.Role == PublicObjectReader && b.Condition is null && b.Members?.Contains(PublicReader) == true))
        {
            var binding = policy.Bindings.FirstOrDefault(b => b.Role == PublicObjectReader && b.Condition is null);
            if (binding is null)
            {
                policy.Bindings.Add(new Policy.BindingsData { Role = PublicObjectReader, Members = [PublicReader] });
            }
            else
            {
                binding.Members = [.. binding.Members ?? [], PublicReader];
            }

            changed = true;
        }

        if (!changed)
        {
            return false;
        }

        try
        {
            await client.SetBucketIamPolicyAsync(name, policy, cancellationToken: cancellationToken);
        }
        catch (GoogleApiException e) when (e.HttpStatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.BadRequest)
        {
            throw new BucketAccessException($"Bucket {name} must be readable by anyone (it serves published episodes and feeds), but granting allUsers {PublicObjectReader} was refused: {e.Error?.Message ?? e.Message}");
        }

        logger.LogInformation("allUsers holds {Role} on bucket {Bucket}: anyone reads a file by its name, nobody lists them", PublicObjectReader, name);
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
