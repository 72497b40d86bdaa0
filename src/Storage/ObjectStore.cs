using System.Net;
using System.Text;
using Google;
using Google.Cloud.Storage.V1;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using GcsObject = Google.Apis.Storage.v1.Data.Object;

namespace EpisodeBuilder.Storage;

/// <summary>
/// Streaming, hash-checked transfers between GCS and local files, and small conditional reads and writes.
/// Objects never pass through memory whole: downloads stream to a file, uploads stream from one (resumable,
/// in chunks). Failures surface as the product's own exception types, which say whether a retry can help.
/// </summary>
public sealed class ObjectStore(StorageClient client, IOptions<StorageOptions> options, ILogger<ObjectStore> logger)
{
    private const int MaxReadModifyWriteAttempts = 10;

    /// <summary>Sends resumable-upload chunks to session URIs (which carry their own authority); one per process.</summary>
    private static readonly HttpClient SessionHttp = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        // Per chunk: an 8 MiB chunk that takes this long has stalled, and is retried from what the service holds.
        Timeout = TimeSpan.FromMinutes(5),
    };

    private readonly StorageOptions _options = options.Value;
    private readonly ResumableFileUpload _uploads = new(client, SessionHttp, options.Value.UploadChunkSize);
    private string? _bucket;

    /// <summary>The bucket this store reads and writes: <c>Storage:Bucket</c>, unless made by <see cref="InBucket"/>.</summary>
    public string Bucket => _bucket ?? _options.Bucket;

    /// <summary>The same store (client, credentials, transfer settings) on another bucket, e.g. the public one.</summary>
    public ObjectStore InBucket(string bucket) =>
        bucket == Bucket ? this : new ObjectStore(client, options, logger) { _bucket = bucket };

    /// <summary>The object's metadata, or null when it does not exist.</summary>
    public async Task<StoredObject?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return Map(await client.GetObjectAsync(Bucket, key, cancellationToken: cancellationToken));
        }
        catch (GoogleApiException e) when (e.HttpStatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (IsTransient(e))
        {
            throw Transient(key, e);
        }
    }

    /// <summary>Downloads an object to a local file, verifying its CRC32C; a partial file is removed on failure.</summary>
    public async Task<StoredObject> DownloadToFileAsync(string key, string path, CancellationToken cancellationToken)
    {
        // A download storage fails transiently part way is made again from the start (up to RangeAttempts in all): one
        // chunk's 503 among the hundreds of a long recording must not cost the step an attempt.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                GcsObject metadata;
                long size;
                await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
                {
                    (metadata, size) = await DownloadCheckedAsync(key, file, cancellationToken);
                }

                logger.LogDebug("Downloaded {Key} ({Size} bytes)", key, size);
                return Map(metadata) with { Key = key, Size = size };
            }
            catch (Exception e) when (attempt < RangeAttempts && IsTransient(e))
            {
                logger.LogDebug(e, "Downloading {Key} failed (attempt {Attempt}); downloading it again", key, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
            }
            catch (Exception e)
            {
                TryDelete(path);
                throw Translate(key, e);
            }
        }
    }

    /// <summary>
    /// Copies bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>) of an object to a
    /// stream with one ranged read (a range is not checked against the object's hash, which covers the whole object).
    /// </summary>
    public async Task DownloadRangeAsync(string key, Stream destination, long offset, long length, CancellationToken cancellationToken)
    {
        if (length <= 0)
        {
            return;
        }

        // A transient failure is read again from the range's start (up to RangeAttempts in all), into a destination that
        // can be rewound: a step that reads a recording piece by piece must not fail on one dropped read of many.
        var start = destination.CanSeek ? destination.Position : -1;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.DownloadObjectAsync(
                    Bucket,
                    key,
                    destination,
                    new DownloadObjectOptions
                    {
                        Range = new System.Net.Http.Headers.RangeHeaderValue(offset, offset + length - 1),
                        DownloadValidationMode = DownloadValidationMode.Never,
                        ChunkSize = _options.DownloadBufferSize,
                    },
                    cancellationToken);
                logger.LogDebug("Downloaded {Key} bytes {Offset}+{Length}", key, offset, length);
                return;
            }
            catch (Exception e) when (attempt < RangeAttempts && start >= 0 && IsTransient(e))
            {
                logger.LogDebug(e, "Reading {Key} bytes {Offset}+{Length} failed (attempt {Attempt}); reading it again", key, offset, length, attempt);
                destination.SetLength(start);
                destination.Position = start;
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
            }
            catch (Exception e)
            {
                throw Translate(key, e);
            }
        }
    }

    /// <summary>How many times one download or ranged read is tried when storage fails transiently.</summary>
    private const int RangeAttempts = 4;

    /// <summary>
    /// Uploads a local file to a key through one resumable session whose chunks stream from the file (see
    /// <see cref="ResumableFileUpload"/>), with an optional generation precondition; size and CRC32C are checked.
    /// </summary>
    public async Task<StoredObject> UploadFileAsync(string path, string key, string contentType, WriteCondition? condition = null, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var uploaded = await _uploads.UploadAsync(Bucket, key, contentType, file, condition?.IfGenerationMatch, cancellationToken);
            logger.LogDebug("Uploaded {Key} ({Size} bytes)", key, uploaded.Size);
            return Map(uploaded);
        }
        catch (Exception e)
        {
            throw Translate(key, e);
        }
    }

    /// <summary>
    /// Copies a whole object to <paramref name="destination"/> and checks the bytes against the CRC32C the service sent
    /// with them, hashed as they pass (<see cref="Crc32CWriteStream"/>) rather than by the client, whose own check took
    /// 1.9 s of a 318 MB download's 2.2 s. A mismatch, or no hash to check against, is an <see cref="ObjectIntegrityException"/>.
    /// </summary>
    private async Task<(GcsObject Metadata, long Size)> DownloadCheckedAsync(string key, Stream destination, CancellationToken cancellationToken)
    {
        var hashed = new Crc32CWriteStream(destination);
        var metadata = await client.DownloadObjectAsync(
            Bucket, key, hashed, new DownloadObjectOptions { ChunkSize = _options.DownloadBufferSize, DownloadValidationMode = DownloadValidationMode.Never }, cancellationToken);
        if (metadata.Crc32c is not { } stored || stored != hashed.Crc32CBase64)
        {
            throw new ObjectIntegrityException(key, new IOException(
                metadata.Crc32c is null ? "the service sent no crc32c hash to check the bytes against" : $"stored crc32c {metadata.Crc32c}; received {hashed.BytesWritten} bytes with {hashed.Crc32CBase64}"));
        }

        return (metadata, hashed.BytesWritten);
    }

    /// <summary>Reads a small text object (a feed, a plan) with its generation, or null when it does not exist.</summary>
    public async Task<(string Text, long Generation)?> ReadTextAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var buffer = new MemoryStream();
            var (metadata, _) = await DownloadCheckedAsync(key, buffer, cancellationToken);
            return (Encoding.UTF8.GetString(buffer.ToArray()), (long)metadata.Generation!.Value);
        }
        catch (GoogleApiException e) when (e.HttpStatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e)
        {
            throw Translate(key, e);
        }
    }

    /// <summary>Writes a small text object under a generation precondition, with a <c>Cache-Control</c> when given.</summary>
    public async Task<StoredObject> WriteTextAsync(string key, string text, string contentType, WriteCondition condition, CancellationToken cancellationToken, string? cacheControl = null)
    {
        try
        {
            using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
            var destination = new GcsObject { Bucket = Bucket, Name = key, ContentType = contentType, CacheControl = cacheControl };
            var uploaded = await client.UploadObjectAsync(destination, content, new UploadObjectOptions { IfGenerationMatch = condition.IfGenerationMatch }, cancellationToken);
            return Map(uploaded);
        }
        catch (Exception e)
        {
            throw Translate(key, e);
        }
    }

    /// <summary>
    /// Read-modify-write with compare-and-swap: reads the object (or null), applies <paramref name="update"/>,
    /// writes only if nobody changed it meanwhile, and starts over when somebody did. Concurrent writers all land.
    /// </summary>
    public async Task<StoredObject> ReadModifyWriteAsync(string key, Func<string?, string> update, string contentType, CancellationToken cancellationToken, string? cacheControl = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await ReadTextAsync(key, cancellationToken);
            var next = update(current?.Text);
            var condition = current is { } c ? WriteCondition.IfGeneration(c.Generation) : WriteCondition.CreateOnly;
            try
            {
                return await WriteTextAsync(key, next, contentType, condition, cancellationToken, cacheControl);
            }
            catch (WriteConflictException) when (attempt < MaxReadModifyWriteAttempts)
            {
                logger.LogInformation("Write conflict on {Key}, attempt {Attempt}; re-reading", key, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 50) * attempt), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Server-side copy (no bytes through this process), with a precondition on the target; into <paramref name="target"/>'s
    /// bucket when given (publishing copies from the private bucket to the public one). With <paramref name="cacheControl"/>
    /// the copy is one <c>rewrite</c> whose destination resource sets it (and keeps the source's content type), so the
    /// object is never served without it.
    /// </summary>
    public async Task<StoredObject> CopyAsync(string sourceKey, string targetKey, WriteCondition condition, CancellationToken cancellationToken, ObjectStore? target = null, string? cacheControl = null)
    {
        var targetBucket = (target ?? this).Bucket;
        try
        {
            if (cacheControl is null)
            {
                return Map(await client.CopyObjectAsync(Bucket, sourceKey, targetBucket, targetKey, new CopyObjectOptions { IfGenerationMatch = condition.IfGenerationMatch }, cancellationToken));
            }

            var source = await client.GetObjectAsync(Bucket, sourceKey, cancellationToken: cancellationToken);
            var destination = new GcsObject { ContentType = source.ContentType, CacheControl = cacheControl };
            string? token = null;
            while (true)
            {
                var request = client.Service.Objects.Rewrite(destination, Bucket, sourceKey, targetBucket, targetKey);
                request.IfGenerationMatch = condition.IfGenerationMatch;
                request.RewriteToken = token;
                var response = await request.ExecuteAsync(cancellationToken);
                if (response.Done == true)
                {
                    return Map(response.Resource);
                }

                token = response.RewriteToken;
            }
        }
        catch (Exception e)
        {
            throw Translate(targetKey, e);
        }
    }

    /// <summary>
    /// Gives every object under <paramref name="prefix"/> that <paramref name="keep"/> does not keep, and that has no
    /// retirement date yet, the date <paramref name="at"/>: its custom time, which the buckets' retirement rule deletes it
    /// after (<see cref="BucketSetup.RetirementRule"/>). A file retired long ago keeps its earlier date. One listing says
    /// which are dated already; only the others are patched. Returns how many this call dated.
    /// </summary>
    public async Task<int> MarkForRetirementAsync(string prefix, Func<string, bool> keep, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var marked = 0;
        try
        {
            await foreach (var item in client.ListObjectsAsync(Bucket, prefix).WithCancellation(cancellationToken))
            {
                if (keep(item.Name) || item.CustomTimeDateTimeOffset is not null)
                {
                    continue;
                }

                try
                {
                    await client.PatchObjectAsync(
                        new GcsObject { Bucket = Bucket, Name = item.Name, CustomTimeDateTimeOffset = at },
                        new PatchObjectOptions { IfMetagenerationMatch = item.Metageneration },
                        cancellationToken);
                    marked++;
                }
                catch (GoogleApiException e) when (e.HttpStatusCode is HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed)
                {
                    // Gone already, or changed meanwhile (another publish marking it): nothing left to do for it.
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Translate(prefix, e);
        }

        return marked;
    }

    /// <summary>The retirement date of an object kept for good after an earlier one: later than any rule reaches.</summary>
    public static readonly DateTimeOffset NeverRetired = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Gives one object the retirement date <paramref name="at"/> (its custom time; see <see cref="BucketSetup.RetirementRule"/>).
    /// GCS lets a custom time move only later, never be removed: an object dated later already keeps its date, and
    /// <see cref="NeverRetired"/> is how a dated object is kept. With <paramref name="onlyIfDated"/>, an object without a
    /// date is left without one. Returns whether this call changed the date (false too when the object does not exist).
    /// </summary>
    public async Task<bool> RetireAsync(string key, DateTimeOffset at, bool onlyIfDated, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                GcsObject current;
                try
                {
                    current = await client.GetObjectAsync(Bucket, key, cancellationToken: cancellationToken);
                }
                catch (GoogleApiException e) when (e.HttpStatusCode == HttpStatusCode.NotFound)
                {
                    return false;
                }

                var date = current.CustomTimeDateTimeOffset;
                if ((date is null && onlyIfDated) || date >= at)
                {
                    return false;
                }

                try
                {
                    await client.PatchObjectAsync(
                        new GcsObject { Bucket = Bucket, Name = key, CustomTimeDateTimeOffset = at },
                        new PatchObjectOptions { IfMetagenerationMatch = current.Metageneration },
                        cancellationToken);
                    return true;
                }
                catch (GoogleApiException e) when (e.HttpStatusCode == HttpStatusCode.PreconditionFailed)
                {
                    // Changed meanwhile (another build dating it): read it again and decide on what it holds now.
                }
                catch (GoogleApiException e) when (e.HttpStatusCode == HttpStatusCode.NotFound)
                {
                    return false;
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Translate(key, e);
        }
    }

    /// <summary>Deletes an object if it exists (and, when given, only the generation the caller knows).</summary>
    public async Task<bool> DeleteAsync(string key, long? ifGenerationMatch, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteObjectAsync(Bucket, key, new DeleteObjectOptions { IfGenerationMatch = ifGenerationMatch }, cancellationToken);
            return true;
        }
        catch (GoogleApiException e) when (e.HttpStatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (Exception e)
        {
            throw Translate(key, e);
        }
    }

    /// <summary>Lists the objects under a prefix.</summary>
    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in client.ListObjectsAsync(Bucket, prefix).WithCancellation(cancellationToken))
        {
            yield return Map(item);
        }
    }

    private static StoredObject Map(GcsObject o) =>
        new(o.Name, (long)(o.Generation ?? 0), (long)(o.Size ?? 0), o.ContentType ?? "application/octet-stream", o.Crc32c, o.Md5Hash);

    private static Exception Translate(string key, Exception e) => e switch
    {
        ObjectIntegrityException or OperationCanceledException => e,
        GoogleApiException { HttpStatusCode: HttpStatusCode.NotFound } => new ObjectNotFoundException(key),
        GoogleApiException { HttpStatusCode: HttpStatusCode.PreconditionFailed } g => new WriteConflictException(key, g.Error?.Message ?? g.Message),
        _ when IsTransient(e) => Transient(key, e),
        _ => e,
    };

    private static bool IsTransient(Exception e) => e switch
    {
        GoogleApiException g => (int)g.HttpStatusCode is 408 or 429 or >= 500,
        HttpRequestException or IOException or TimeoutException => true,
        _ => false,
    };

    private static TransientStorageException Transient(string key, Exception e) => new($"Storage was unavailable for '{key}': {e.Message}", e);

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
}
