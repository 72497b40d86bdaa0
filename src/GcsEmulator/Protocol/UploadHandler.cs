using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using EpisodeBuilder.GcsEmulator.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace EpisodeBuilder.GcsEmulator.Protocol;

/// <summary>
/// Object uploads: simple (<c>uploadType=media</c>), multipart, and resumable sessions that receive chunks with
/// <c>Content-Range</c> (known or unknown total length), answer 308 with the persisted range, can be resumed
/// after a failure, verify the final <c>x-goog-hash</c>, and enforce the preconditions given when the session
/// started. Bytes are staged on disk, never held in memory.
/// </summary>
internal sealed class UploadHandler(ObjectRepository repository)
{
    private readonly ConcurrentDictionary<string, UploadSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>Starts a resumable session (the XML API's signed <c>POST</c> uses this too).</summary>
    public UploadSession StartSession(string bucket, string name, string contentType, IReadOnlyDictionary<string, string>? metadata, Preconditions preconditions, string? cacheControl = null)
    {
        repository.Buckets.Get(bucket);
        ValidateName(name);
        var session = new UploadSession(Guid.NewGuid().ToString("N"), bucket, name, contentType, metadata, preconditions, repository.NewStagingFile()) { CacheControl = cacheControl };
        File.WriteAllBytes(session.StagingFile, []);
        _sessions[session.Id] = session;
        return session;
    }

    /// <summary><c>POST /upload/storage/v1/b/{bucket}/o</c>.</summary>
    public async Task StartAsync(GcsRequest request, string bucket, Uri baseUri, CancellationToken cancellationToken)
    {
        var uploadType = request.QueryValue("uploadType") ?? "media";
        switch (uploadType)
        {
            case "resumable":
            {
                var resource = await request.ReadJsonAsync(cancellationToken);
                var name = request.QueryValue("name") ?? resource["name"]?.GetValue<string>() ?? throw EmulatorException.Invalid("Object name is required.");
                var contentType = resource["contentType"]?.GetValue<string>()
                    ?? request.Context.Request.Headers["X-Upload-Content-Type"].FirstOrDefault()
                    ?? "application/octet-stream";
                var session = StartSession(bucket, name, contentType, Metadata(resource), request.Preconditions(), CacheControl(resource));
                request.Context.Response.StatusCode = (int)HttpStatusCode.OK;
                request.Context.Response.Headers.Location = SessionUri(baseUri, bucket, session.Id);
                request.Context.Response.Headers["X-GUploader-UploadID"] = session.Id;
                return;
            }

            case "media":
            {
                var name = request.QueryValue("name") ?? throw EmulatorException.Invalid("The name query parameter is required.");
                ValidateName(name);
                var staged = repository.NewStagingFile();
                await CopyToFileAsync(request.Body(), staged, cancellationToken);
                var contentType = request.Context.Request.ContentType ?? "application/octet-stream";
                await CommitAsync(request, bucket, name, contentType, null, request.Preconditions(), staged, baseUri, cancellationToken);
                return;
            }

            case "multipart":
                await MultipartAsync(request, bucket, baseUri, cancellationToken);
                return;

            default:
                throw EmulatorException.Invalid($"Unsupported uploadType '{uploadType}'.");
        }
    }

    /// <summary>A whole object in one <c>PUT</c> body (the XML API's signed upload); answers 200 with no body.</summary>
    public async Task PutWholeAsync(GcsRequest request, string bucket, string name, CancellationToken cancellationToken)
    {
        repository.Buckets.Get(bucket);
        ValidateName(name);
        var range = ContentLengthRange.Parse(request.Context.Request.Headers[ContentLengthRange.Header].ToString());
        if (request.Context.Request.ContentLength is { } declared)
        {
            range?.Check(declared);
        }

        var staged = repository.NewStagingFile();
        await using (var body = request.Body())
        {
            await CopyToFileAsync(body, staged, cancellationToken);
        }

        range?.Check(new FileInfo(staged).Length);
        var hashes = await StagedFile.HashFileAsync(staged, cancellationToken);
        VerifyHash(request, staged, hashes);
        var contentType = request.Context.Request.ContentType ?? "application/octet-stream";
        var cacheControl = request.Context.Request.Headers.CacheControl.ToString();
        var record = repository.Commit(bucket, name, staged, contentType, null, Preconditions.None, hashes, cacheControl.Length == 0 ? null : cacheControl);
        request.Context.Response.StatusCode = (int)HttpStatusCode.OK;
        request.Context.Response.Headers.ETag = "\"" + ObjectResource.ETag(record) + "\"";
        request.Context.Response.Headers["x-goog-generation"] = record.Generation.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary><c>PUT</c> to a session URI: one chunk, a status query, or the final chunk.</summary>
    public async Task ChunkAsync(GcsRequest request, string uploadId, Uri baseUri, CancellationToken cancellationToken)
    {
        if (!_sessions.TryGetValue(uploadId, out var session))
        {
            throw new EmulatorException(HttpStatusCode.NotFound, "notFound", $"No such upload session: {uploadId}");
        }

        await session.Gate.WaitAsync(cancellationToken);
        try
        {
            var range = ContentRange.Parse(request.Context.Request.Headers.ContentRange.ToString());
            if (range.Total is { } declared)
            {
                session.Total = declared;
            }

            if (range.Start is { } start)
            {
                if (start > session.Received)
                {
                    throw EmulatorException.Invalid($"Chunk starts at {start} but only {session.Received} bytes were received.");
                }

                var skip = session.Received - start;
                var length = range.End!.Value - start + 1;
                await using var body = request.Body();
                await using (var file = new FileStream(session.StagingFile, FileMode.Append, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
                {
                    session.Received += await AppendAsync(body, file, skip, length, cancellationToken);
                }
            }
            else if (range.IsWholeBody)
            {
                await using var body = request.Body();
                await using var file = new FileStream(session.StagingFile, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                session.Received = await AppendAsync(body, file, 0, null, cancellationToken);
                session.Total = session.Received;
            }

            if (session.Total is { } total && session.Received >= total)
            {
                if (session.Received > total)
                {
                    throw EmulatorException.Invalid($"Received {session.Received} bytes but the upload declared {total}.");
                }

                _sessions.TryRemove(session.Id, out _);
                VerifyHash(request, session.StagingFile, await StagedFile.HashFileAsync(session.StagingFile, cancellationToken));
                await CommitAsync(request, session.Bucket, session.Name, session.ContentType, session.Metadata, session.Preconditions, session.StagingFile, baseUri, cancellationToken, session.CacheControl);
                return;
            }

            request.Context.Response.StatusCode = 308;
            if (session.Received > 0)
            {
                request.Context.Response.Headers.Range = $"bytes=0-{session.Received - 1}";
            }
        }
        finally
        {
            session.Gate.Release();
        }
    }

    public static string SessionUri(Uri baseUri, string bucket, string id) =>
        $"{baseUri}upload/storage/v1/b/{Uri.EscapeDataString(bucket)}/o?uploadType=resumable&upload_id={id}";

    public static void ValidateName(string name)
    {
        if (name.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(name) > 1024 || name.Any(char.IsControl) || name is "." or "..")
        {
            throw EmulatorException.Invalid($"Invalid object name: '{name}'.");
        }
    }

    private async Task MultipartAsync(GcsRequest request, string bucket, Uri baseUri, CancellationToken cancellationToken)
    {
        var mediaType = MediaTypeHeaderValue.Parse(request.Context.Request.ContentType);
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value ?? throw EmulatorException.Invalid("Missing multipart boundary.");
        var reader = new MultipartReader(boundary, request.Body());
        var metadataSection = await reader.ReadNextSectionAsync(cancellationToken) ?? throw EmulatorException.Invalid("Missing metadata part.");
        var resource = JsonNode.Parse(await new StreamReader(metadataSection.Body).ReadToEndAsync(cancellationToken)) as JsonObject ?? new JsonObject();
        var mediaSection = await reader.ReadNextSectionAsync(cancellationToken) ?? throw EmulatorException.Invalid("Missing media part.");
        var name = request.QueryValue("name") ?? resource["name"]?.GetValue<string>() ?? throw EmulatorException.Invalid("Object name is required.");
        ValidateName(name);
        var staged = repository.NewStagingFile();
        await CopyToFileAsync(mediaSection.Body, staged, cancellationToken);
        var contentType = resource["contentType"]?.GetValue<string>() ?? mediaSection.ContentType ?? "application/octet-stream";
        await CommitAsync(request, bucket, name, contentType, Metadata(resource), request.Preconditions(), staged, baseUri, cancellationToken, CacheControl(resource));
    }

    private async Task CommitAsync(GcsRequest request, string bucket, string name, string contentType, IReadOnlyDictionary<string, string>? metadata, Preconditions preconditions, string staged, Uri baseUri, CancellationToken cancellationToken, string? cacheControl = null)
    {
        var hashes = await StagedFile.HashFileAsync(staged, cancellationToken);
        VerifyHash(request, staged, hashes);
        var record = repository.Commit(bucket, name, staged, contentType, metadata, preconditions, hashes, cacheControl);
        request.Context.Response.StatusCode = (int)HttpStatusCode.OK;
        request.Context.Response.ContentType = "application/json; charset=UTF-8";
        await request.Context.Response.WriteAsync(ObjectResource.ToJson(record, baseUri).ToJsonString(), cancellationToken);
    }

    private static void VerifyHash(GcsRequest request, string staged, StagedHashes hashes)
    {
        foreach (var part in request.Context.Request.Headers["x-goog-hash"].SelectMany(h => (h ?? string.Empty).Split(',')))
        {
            var kv = part.Trim().Split('=', 2);
            if (kv.Length != 2)
            {
                continue;
            }

            var expected = kv[0].Equals("crc32c", StringComparison.OrdinalIgnoreCase) ? hashes.Crc32c
                : kv[0].Equals("md5", StringComparison.OrdinalIgnoreCase) ? hashes.Md5 : null;
            if (expected is not null && expected != kv[1].Trim())
            {
                File.Delete(staged);
                throw EmulatorException.Invalid($"Provided {kv[0]} hash \"{kv[1]}\" doesn't match calculated hash \"{expected}\".");
            }
        }
    }

    /// <summary>The <c>cacheControl</c> an object resource sets, if any.</summary>
    internal static string? CacheControl(JsonObject resource) => resource["cacheControl"]?.GetValue<string>();

    internal static IReadOnlyDictionary<string, string>? Metadata(JsonObject resource) =>
        resource["metadata"] is JsonObject map
            ? map.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!.ToString())
            : null;

    private static async Task CopyToFileAsync(Stream source, string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        await source.CopyToAsync(file, cancellationToken);
    }

    private static async Task<long> AppendAsync(Stream body, Stream file, long skip, long? length, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long position = 0;
        long written = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var offset = 0;
            if (position < skip)
            {
                offset = (int)Math.Min(read, skip - position);
            }

            position += read;
            var count = read - offset;
            if (length is { } max)
            {
                count = (int)Math.Min(count, Math.Max(0, max - skip - written));
            }

            if (count > 0)
            {
                await file.WriteAsync(buffer.AsMemory(offset, count), cancellationToken);
                written += count;
            }
        }

        return written;
    }
}

/// <summary>One resumable upload in progress: where its bytes are staged and what it may overwrite.</summary>
internal sealed class UploadSession(
    string id,
    string bucket,
    string name,
    string contentType,
    IReadOnlyDictionary<string, string>? metadata,
    Preconditions preconditions,
    string stagingFile)
{
    public string Id { get; } = id;

    public string Bucket { get; } = bucket;

    public string Name { get; } = name;

    public string ContentType { get; } = contentType;

    public IReadOnlyDictionary<string, string>? Metadata { get; } = metadata;

    public string? CacheControl { get; init; }

    public Preconditions Preconditions { get; } = preconditions;

    public string StagingFile { get; } = stagingFile;

    public long Received { get; set; }

    public long? Total { get; set; }

    public SemaphoreSlim Gate { get; } = new(1, 1);
}

/// <summary>A parsed <c>Content-Range</c> of a resumable upload request.</summary>
internal sealed record ContentRange(long? Start, long? End, long? Total, bool IsWholeBody)
{
    public static ContentRange Parse(string header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return new ContentRange(null, null, null, IsWholeBody: true);
        }

        if (!header.StartsWith("bytes ", StringComparison.OrdinalIgnoreCase))
        {
            throw EmulatorException.Invalid($"Invalid Content-Range: '{header}'.");
        }

        var spec = header[6..].Trim();
        var slash = spec.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            throw EmulatorException.Invalid($"Invalid Content-Range: '{header}'.");
        }

        var rangePart = spec[..slash];
        var totalPart = spec[(slash + 1)..];
        long? total = totalPart == "*" ? null : ParseNumber(totalPart, header);
        if (rangePart == "*")
        {
            return new ContentRange(null, null, total, IsWholeBody: false);
        }

        var dash = rangePart.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            throw EmulatorException.Invalid($"Invalid Content-Range: '{header}'.");
        }

        var start = ParseNumber(rangePart[..dash], header);
        var end = ParseNumber(rangePart[(dash + 1)..], header);
        if (end < start)
        {
            throw EmulatorException.Invalid($"Invalid Content-Range: '{header}'.");
        }

        return new ContentRange(start, end, total, IsWholeBody: false);
    }

    private static long ParseNumber(string value, string header) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw EmulatorException.Invalid($"Invalid Content-Range: '{header}'.");
}
