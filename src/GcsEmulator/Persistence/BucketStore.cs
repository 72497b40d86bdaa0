using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using EpisodeBuilder.GcsEmulator.Access;

namespace EpisodeBuilder.GcsEmulator.Persistence;

/// <summary>
/// Bucket resources and their IAM policies, kept beside the objects (<c>buckets/{name}.json</c>,
/// <c>policies/{name}.json</c>) and replaced atomically, so an emulator restarted on the same data directory finds
/// every bucket's settings (cors, lifecycle, iamConfiguration) and policy as they were.
/// </summary>
public sealed class BucketStore
{
    private static readonly IReadOnlySet<string> NoPermissions = new HashSet<string>();
    private readonly string _bucketsDirectory;
    private readonly string _policiesDirectory;
    private readonly string _stagingDirectory;
    private readonly object _gate = new();
    private readonly Dictionary<string, JsonObject> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BucketIamPolicy> _policies = new(StringComparer.Ordinal);

    internal BucketStore(string root, string stagingDirectory)
    {
        _bucketsDirectory = Path.Combine(root, "buckets");
        _policiesDirectory = Path.Combine(root, "policies");
        _stagingDirectory = stagingDirectory;
        Directory.CreateDirectory(_bucketsDirectory);
        Directory.CreateDirectory(_policiesDirectory);
        Load();
    }

    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_gate)
            {
                return _buckets.Keys.ToList();
            }
        }
    }

    public bool Exists(string name)
    {
        lock (_gate)
        {
            return _buckets.ContainsKey(name);
        }
    }

    /// <summary>Creates a bucket; with a <paramref name="project"/> its policy starts as GCS's does for that project.</summary>
    public JsonObject Create(JsonObject resource, string? project)
    {
        var name = resource["name"]?.GetValue<string>() ?? throw EmulatorException.Invalid("Bucket name is required.");
        if (name.Length is < 3 or > 63 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.'))
        {
            throw EmulatorException.Invalid($"Invalid bucket name: '{name}'.");
        }

        var now = DateTimeOffset.UtcNow;
        var iamConfiguration = IamConfiguration.Merge(null, resource["iamConfiguration"], now);
        lock (_gate)
        {
            if (_buckets.ContainsKey(name))
            {
                throw new EmulatorException(HttpStatusCode.Conflict, "conflict", $"Your previous request to create the named bucket succeeded and you already own it: {name}");
            }

            var bucket = (JsonObject)resource.DeepClone();
            bucket["kind"] = "storage#bucket";
            bucket["id"] = name;
            bucket["timeCreated"] = ObjectRepository.Timestamp(now);
            bucket["updated"] = ObjectRepository.Timestamp(now);
            bucket["metageneration"] = "1";
            bucket["location"] ??= "US";
            bucket["storageClass"] ??= "STANDARD";
            bucket["etag"] = GenerationEtag.Of(1);
            bucket["iamConfiguration"] = iamConfiguration;
            SavePolicy(name, BucketIamPolicy.Initial(project));
            SaveBucket(name, bucket);
            return (JsonObject)bucket.DeepClone();
        }
    }

    public JsonObject Get(string name) => Find(name) ?? throw EmulatorException.BucketNotFound(name);

    public JsonObject? Find(string name)
    {
        lock (_gate)
        {
            return _buckets.TryGetValue(name, out var bucket) ? (JsonObject)bucket.DeepClone() : null;
        }
    }

    /// <summary>
    /// Applies a patch (fields present replace the stored ones; null removes; <c>iamConfiguration</c> merges field by
    /// field) or a full update (fields left out return to their defaults).
    /// </summary>
    public JsonObject Update(string name, JsonObject changes, bool replace, long? ifMetagenerationMatch)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            if (!_buckets.TryGetValue(name, out var bucket))
            {
                throw EmulatorException.BucketNotFound(name);
            }

            var metageneration = long.Parse(bucket["metageneration"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            if (ifMetagenerationMatch is { } m && m != metageneration)
            {
                throw EmulatorException.PreconditionFailed($"ifMetagenerationMatch={m} but the bucket metageneration is {metageneration}");
            }

            var updated = replace ? new JsonObject { ["name"] = name } : (JsonObject)bucket.DeepClone();
            foreach (var (key, value) in changes)
            {
                if (key is "name" or "id" or "kind" or "timeCreated" or "metageneration" or "etag" or "iamConfiguration")
                {
                    continue;
                }

                if (value is null)
                {
                    updated.Remove(key);
                }
                else
                {
                    updated[key] = value.DeepClone();
                }
            }

            var keptIamConfiguration = replace ? null : bucket["iamConfiguration"];
            if (changes.TryGetPropertyValue("iamConfiguration", out var requested) && requested is null)
            {
                keptIamConfiguration = null;
            }

            updated["iamConfiguration"] = IamConfiguration.Merge(keptIamConfiguration, requested, now);
            foreach (var key in new[] { "kind", "id", "timeCreated", "location", "storageClass" })
            {
                if (!updated.ContainsKey(key) && bucket[key] is { } kept)
                {
                    updated[key] = kept.DeepClone();
                }
            }

            updated["metageneration"] = (metageneration + 1).ToString(CultureInfo.InvariantCulture);
            updated["updated"] = ObjectRepository.Timestamp(now);
            updated["etag"] = GenerationEtag.Of(metageneration + 1);
            SaveBucket(name, updated);
            return (JsonObject)updated.DeepClone();
        }
    }

    public BucketIamPolicy GetPolicy(string name)
    {
        lock (_gate)
        {
            return _buckets.ContainsKey(name) ? PolicyOf(name) : throw EmulatorException.BucketNotFound(name);
        }
    }

    /// <summary>
    /// Replaces the bucket's policy with what <paramref name="change"/> makes of the bucket and its current policy; the
    /// change runs under the store's lock, so its checks (etag, public access prevention) and the write are one step.
    /// </summary>
    public BucketIamPolicy SetPolicy(string name, Func<JsonObject, BucketIamPolicy, BucketIamPolicy> change)
    {
        lock (_gate)
        {
            if (!_buckets.TryGetValue(name, out var bucket))
            {
                throw EmulatorException.BucketNotFound(name);
            }

            var next = change((JsonObject)bucket.DeepClone(), PolicyOf(name));
            SavePolicy(name, next);
            return next;
        }
    }

    /// <summary>
    /// What an anonymous caller may do in the bucket: the permissions its policy's reading roles give <c>allUsers</c>,
    /// none while public access prevention is enforced or when there is no such bucket.
    /// </summary>
    public IReadOnlySet<string> PublicPermissions(string name)
    {
        lock (_gate)
        {
            if (!_buckets.TryGetValue(name, out var bucket) || IamConfiguration.PublicAccessPreventionEnforced(bucket))
            {
                return NoPermissions;
            }

            return PolicyOf(name).PermissionsOf(BucketIamPolicy.AllUsers);
        }
    }

    private BucketIamPolicy PolicyOf(string name) => _policies.GetValueOrDefault(name) ?? BucketIamPolicy.Empty;

    private void SaveBucket(string name, JsonObject bucket)
    {
        AtomicFile.Write(Path.Combine(_bucketsDirectory, name + ".json"), bucket.ToJsonString(), _stagingDirectory);
        _buckets[name] = bucket;
    }

    private void SavePolicy(string name, BucketIamPolicy policy)
    {
        AtomicFile.Write(Path.Combine(_policiesDirectory, name + ".json"), policy.ToStoredJson().ToJsonString(), _stagingDirectory);
        _policies[name] = policy;
    }

    private void Load()
    {
        foreach (var file in Directory.EnumerateFiles(_bucketsDirectory, "*.json"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var bucket = JsonNode.Parse(File.ReadAllText(file))!.AsObject();

            // Buckets written before iamConfiguration was kept get GCS's defaults.
            bucket["iamConfiguration"] = IamConfiguration.Merge(bucket["iamConfiguration"], null, DateTimeOffset.UtcNow);
            _buckets[name] = bucket;
            var policy = Path.Combine(_policiesDirectory, name + ".json");
            if (File.Exists(policy))
            {
                _policies[name] = BucketIamPolicy.FromStoredJson(JsonNode.Parse(File.ReadAllText(policy))!.AsObject());
            }
        }
    }
}
