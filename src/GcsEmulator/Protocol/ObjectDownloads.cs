using System.Globalization;
using System.Net;
using EpisodeBuilder.GcsEmulator.Access;
using EpisodeBuilder.GcsEmulator.Persistence;
using Microsoft.AspNetCore.Http;

namespace EpisodeBuilder.GcsEmulator.Protocol;

/// <summary>
/// Streams object bytes with the headers the client checks: <c>x-goog-hash</c> on whole-object replies only (the
/// .NET client validates it even on a 206), generation headers, <c>Cache-Control</c>, and <c>Range</c> support.
/// </summary>
internal static class ObjectDownloads
{
    /// <summary>What GCS serves when an object sets no <c>Cache-Control</c> and anyone may read it.</summary>
    public const string PublicDefaultCacheControl = "public, max-age=3600";

    /// <summary>
    /// The object's own <c>Cache-Control</c>; without one, an hour's public caching where anyone may read the object
    /// (GCS's default), else <c>private, max-age=0</c>.
    /// </summary>
    public static string CacheControl(ObjectRepository repository, ObjectRecord record) =>
        record.CacheControl
        ?? (repository.Buckets.PublicPermissions(record.Bucket).Contains(StoragePermissions.ObjectsGet) ? PublicDefaultCacheControl : "private, max-age=0");

    public static async Task WriteAsync(HttpContext context, ObjectRepository repository, ObjectRecord record, DownloadMeter meter, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.ContentType = record.ContentType;
        response.Headers["x-goog-generation"] = record.Generation.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-goog-metageneration"] = record.Metageneration.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-goog-stored-content-length"] = record.Size.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-goog-stored-content-encoding"] = "identity";
        response.Headers.ETag = "\"" + ObjectResource.ETag(record) + "\"";
        response.Headers.AcceptRanges = "bytes";
        response.Headers.LastModified = record.Updated.ToString("R", CultureInfo.InvariantCulture);
        response.Headers.CacheControl = CacheControl(repository, record);

        var range = context.Request.Headers.Range.ToString();
        long start = 0;
        var end = record.Size - 1;
        if (!string.IsNullOrEmpty(range))
        {
            if (!TryParseRange(range, record.Size, out start, out end))
            {
                response.StatusCode = (int)HttpStatusCode.RequestedRangeNotSatisfiable;
                response.Headers.ContentRange = $"bytes */{record.Size}";
                return;
            }

            response.StatusCode = (int)HttpStatusCode.PartialContent;
            response.Headers.ContentRange = $"bytes {start}-{end}/{record.Size}";
        }
        else
        {
            response.StatusCode = (int)HttpStatusCode.OK;
            response.Headers["x-goog-hash"] = $"crc32c={record.Crc32c},md5={record.Md5Hash}";
        }

        var length = Math.Max(0, end - start + 1);
        response.ContentLength = length;
        if (HttpMethods.IsHead(context.Request.Method) || length == 0)
        {
            return;
        }

        await using var content = repository.OpenContent(record);
        content.Seek(start, SeekOrigin.Begin);
        var buffer = new byte[81920];
        var remaining = length;
        while (remaining > 0)
        {
            var read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken);
            if (read == 0)
            {
                break;
            }

            await response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            meter.Add(record.Bucket, record.Name, read);
            remaining -= read;
        }
    }

    /// <summary>Parses a single <c>bytes=</c> range (a-b, a-, -n) against an object size.</summary>
    public static bool TryParseRange(string header, long size, out long start, out long end)
    {
        start = 0;
        end = size - 1;
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(',', StringComparison.Ordinal))
        {
            return false;
        }

        var spec = header[6..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return false;
        }

        var first = spec[..dash];
        var last = spec[(dash + 1)..];
        if (first.Length == 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix) || suffix == 0)
            {
                return false;
            }

            start = Math.Max(0, size - suffix);
            return size > 0;
        }

        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start >= size)
        {
            return false;
        }

        if (last.Length > 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < start)
            {
                return false;
            }

            end = Math.Min(end, size - 1);
        }

        return true;
    }
}
