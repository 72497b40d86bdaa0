using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EpisodeBuilder.GcsEmulator.Hashing;

namespace EpisodeBuilder.GcsEmulator.Persistence;

/// <summary>
/// Objects on disk, and the <see cref="BucketStore"/> that holds their buckets. Every write is staged to a file and
/// becomes visible only by an atomic rename of its metadata, so a process that dies mid-upload never leaves a
/// half-written object behind. With no data directory the same layout lives in a private temp folder that is deleted
/// on dispose.
/// </summary>
public sealed class ObjectRepository : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _root;
    private readonly bool _ephemeral;
    private readonly object _gate = new();
    private readonly Dictionary<string, SortedDictionary<string, ObjectRecord>> _objects = new(StringComparer.Ordinal);
    private long _lastGeneration;

    public ObjectRepository(string? dataDirectory)
    {
        _ephemeral = dataDirectory is null;
        _root = dataDirectory ?? Path.Combine(Path.GetTempPath(), "gcs-emulator-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(StagingDirectory);
        Directory.CreateDirectory(Path.Combine(_root, "objects"));
        Buckets = new BucketStore(_root, StagingDirectory);
        Load();
    }

    /// <summary>Bucket resources and IAM policies.</summary>
    public BucketStore Buckets { get; }

    /// <summary>Where uploads are written before they are committed.</summary>
    public string StagingDirectory => Path.Combine(_root, "staging");

    public string NewStagingFile() => Path.Combine(StagingDirectory, Guid.NewGuid().ToString("N") + ".part");

    public ObjectRecord? Find(string bucket, string name, long? generation = null)
    {
        lock (_gate)
        {
            var objects = Objects(bucket);
            if (!objects.TryGetValue(name, out var record))
            {
                return null;
            }

            return generation is null || generation == record.Generation ? record : null;
        }
    }

    public ObjectRecord Get(string bucket, string name, long? generation = null) =>
        Find(bucket, name, generation) ?? throw EmulatorException.NotFound($"{bucket}/{name}");

    /// <summary>Lists live objects in name order, with GCS's prefix, delimiter and page semantics.</summary>
    public (IReadOnlyList<ObjectRecord> Items, IReadOnlyList<string> Prefixes, string? NextPageToken) List(
        string bucket, string? prefix, string? delimiter, int maxResults, string? pageToken, string? startOffset = null)
    {
        lock (_gate)
        {
            var after = pageToken is null ? null : Encoding.UTF8.GetString(Convert.FromBase64String(pageToken));
            var items = new List<ObjectRecord>();
            var prefixes = new SortedSet<string>(StringComparer.Ordinal);
            string? last = null;
            var count = 0;
            foreach (var (name, record) in Objects(bucket))
            {
                if (prefix is not null && !name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                if (startOffset is not null && string.CompareOrdinal(name, startOffset) < 0)
                {
                    continue;
                }

                string entry = name;
                var isPrefix = false;
                if (!string.IsNullOrEmpty(delimiter))
                {
                    var index = name.IndexOf(delimiter, prefix?.Length ?? 0, StringComparison.Ordinal);
                    if (index >= 0)
                    {
                        entry = name[..(index + delimiter.Length)];
                        isPrefix = true;
                    }
                }

                if (after is not null && string.CompareOrdinal(entry, after) <= 0)
                {
                    continue;
                }

                if (isPrefix && prefixes.Contains(entry))
                {
                    continue;
                }

                if (count == maxResults)
                {
                    return (items, prefixes.ToList(), Convert.ToBase64String(Encoding.UTF8.GetBytes(last!)));
                }

                if (isPrefix)
                {
                    prefixes.Add(entry);
                }
                else
                {
                    items.Add(record);
                }

                last = entry;
                count++;
            }

            return (items, prefixes.ToList(), null);
        }
    }

    /// <summary>
    /// Makes a staged file the object's new generation if the preconditions hold. The staged file is moved, not
    /// copied; on any failure it is deleted.
    /// </summary>
    public ObjectRecord Commit(
        string bucket,
        string name,
        string stagedFile,
        string contentType,
        IReadOnlyDictionary<string, string>? metadata,
        Preconditions preconditions,
        StagedHashes hashes,
        string? cacheControl = null)
    {
        try
        {
            lock (_gate)
            {
                var objects = Objects(bucket);
                objects.TryGetValue(name, out var current);
                if (preconditions.Check(current) is { } failure)
                {
                    throw EmulatorException.PreconditionFailed(failure);
                }

                var generation = NextGeneration();
                var contentFile = Path.Combine(ObjectDirectory(bucket), $"{NameHash(name)}.{generation}.bin");
                File.Move(stagedFile, contentFile);
                var now = DateTimeOffset.UtcNow;
                var record = new ObjectRecord(
                    bucket, name, generation, 1, contentType, hashes.Size, hashes.Md5, hashes.Crc32c,
                    now, now, metadata, Path.GetFileName(contentFile), cacheControl);
                SaveRecord(record);
                objects[name] = record;
                if (current is not null)
                {
                    TryDelete(ContentPath(current));
                }

                return record;
            }
        }
        finally
        {
            TryDelete(stagedFile);
        }
    }

    public ObjectRecord Patch(string bucket, string name, string? contentType, IReadOnlyDictionary<string, string?>? metadata, bool replaceMetadata, Preconditions preconditions, DateTimeOffset? customTime = null)
    {
        lock (_gate)
        {
            var objects = Objects(bucket);
            var current = Live(objects, bucket, name, preconditions);
            // As GCS: a custom time, once set, can move later but never earlier.
            if (customTime is { } time && current.CustomTime is { } set && time < set)
            {
                throw EmulatorException.Invalid($"customTime {Timestamp(time)} is earlier than the object's {Timestamp(set)}; it can only move later.");
            }

            var merged = replaceMetadata ? new Dictionary<string, string>() : new Dictionary<string, string>(current.Metadata ?? new Dictionary<string, string>());
            if (metadata is not null)
            {
                foreach (var (key, value) in metadata)
                {
                    if (value is null)
                    {
                        merged.Remove(key);
                    }
                    else
                    {
                        merged[key] = value;
                    }
                }
            }

            var record = current with
            {
                ContentType = contentType ?? current.ContentType,
                CustomTime = customTime ?? current.CustomTime,
                Metadata = merged.Count == 0 ? null : merged,
                Metageneration = current.Metageneration + 1,
                Updated = DateTimeOffset.UtcNow,
            };
            SaveRecord(record);
            objects[name] = record;
            return record;
        }
    }

    public void Delete(string bucket, string name, Preconditions preconditions)
    {
        lock (_gate)
        {
            var objects = Objects(bucket);
            var current = Live(objects, bucket, name, preconditions);

            objects.Remove(name);
            TryDelete(MetadataPath(bucket, name));
            TryDelete(ContentPath(current));
        }
    }

    public Stream OpenContent(ObjectRecord record) =>
        new FileStream(ContentPath(record), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, FileOptions.Asynchronous);

    /// <summary>The file that holds an object's bytes (tests use it to simulate corruption at rest).</summary>
    public string ContentPath(ObjectRecord record) => Path.Combine(ObjectDirectory(record.Bucket), record.ContentFile);

    public void Dispose()
    {
        if (_ephemeral)
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static ObjectRecord Live(SortedDictionary<string, ObjectRecord> objects, string bucket, string name, Preconditions preconditions)
    {
        if (!objects.TryGetValue(name, out var current))
        {
            throw EmulatorException.NotFound($"{bucket}/{name}");
        }

        return preconditions.Check(current) is { } failure ? throw EmulatorException.PreconditionFailed(failure) : current;
    }

    /// <summary>Every live object of <paramref name="bucket"/>, in name order (a snapshot).</summary>
    public IReadOnlyList<ObjectRecord> All(string bucket)
    {
        lock (_gate)
        {
            return [.. Objects(bucket).Values];
        }
    }

    private SortedDictionary<string, ObjectRecord> Objects(string bucket)
    {
        if (_objects.TryGetValue(bucket, out var objects))
        {
            return objects;
        }

        if (!Buckets.Exists(bucket))
        {
            throw EmulatorException.BucketNotFound(bucket);
        }

        Directory.CreateDirectory(ObjectDirectory(bucket));
        objects = new SortedDictionary<string, ObjectRecord>(StringComparer.Ordinal);
        _objects[bucket] = objects;
        return objects;
    }

    private long NextGeneration()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        _lastGeneration = Math.Max(now, _lastGeneration + 1);
        return _lastGeneration;
    }

    private string ObjectDirectory(string bucket) => Path.Combine(_root, "objects", bucket);

    private string MetadataPath(string bucket, string name) => Path.Combine(ObjectDirectory(bucket), NameHash(name) + ".json");

    private static string NameHash(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    private void SaveRecord(ObjectRecord record) =>
        AtomicFile.Write(MetadataPath(record.Bucket, record.Name), JsonSerializer.Serialize(record, Json), StagingDirectory);

    private void Load()
    {
        foreach (var name in Buckets.Names)
        {
            var objects = new SortedDictionary<string, ObjectRecord>(StringComparer.Ordinal);
            _objects[name] = objects;
            var directory = ObjectDirectory(name);
            Directory.CreateDirectory(directory);
            foreach (var metadata in Directory.EnumerateFiles(directory, "*.json"))
            {
                var record = JsonSerializer.Deserialize<ObjectRecord>(File.ReadAllText(metadata), Json)!;
                objects[record.Name] = record;
                _lastGeneration = Math.Max(_lastGeneration, record.Generation);
            }

            // Content files no metadata points to are leftovers of writes that never committed.
            var live = objects.Values.Select(r => r.ContentFile).ToHashSet(StringComparer.Ordinal);
            foreach (var content in Directory.EnumerateFiles(directory, "*.bin"))
            {
                if (!live.Contains(Path.GetFileName(content)))
                {
                    TryDelete(content);
                }
            }
        }

        foreach (var staged in Directory.EnumerateFiles(StagingDirectory))
        {
            TryDelete(staged);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Size and hashes of a staged upload, computed while its bytes were written.</summary>
public sealed record StagedHashes(long Size, string Md5, string Crc32c);

/// <summary>Computes the size and hashes of a staged upload before it is committed.</summary>
public static class StagedFile
{
    /// <summary>Hashes the whole staged file (resumable sessions append across requests, so hash at the end).</summary>
    public static async Task<StagedHashes> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var crc = new Crc32C();
        var buffer = new byte[81920];
        long size = 0;
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        int read;
        while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0)
        {
            md5.AppendData(buffer, 0, read);
            crc.Append(buffer.AsSpan(0, read));
            size += read;
        }

        return new StagedHashes(size, Convert.ToBase64String(md5.GetHashAndReset()), crc.ToBase64());
    }
}
