using System.Net;
using System.Net.Http.Headers;
using Google.Apis.Json;
using Google.Cloud.Storage.V1;
using GcsObject = Google.Apis.Storage.v1.Data.Object;

namespace EpisodeBuilder.Storage;

/// <summary>
/// Uploads a local file through one GCS resumable session, streaming each chunk straight from the file. The Google
/// client's own uploader copies every chunk into an array first (a new chunk-sized array per chunk for a seekable stream,
/// one reused array otherwise): an 8 MiB array on the large-object heap per upload at least, which made the app's memory
/// grow with the size of the files a step uploads. Here a chunk is a window on the file sent as <see cref="StreamContent"/>,
/// so an upload of any size holds only the HTTP stack's copy buffer.
/// </summary>
/// <remarks>
/// The session is started by the client (its credentials, preconditions and metadata); the session URI itself carries
/// the authority to upload, as GCS documents, so chunks go through a plain <see cref="HttpClient"/>. A failed chunk
/// (dropped connection, 408, 429, 5xx) is retried after a backoff from the offset the service confirms with a status
/// query; the CRC32C computed while sending is compared with the stored object's.
/// </remarks>
internal sealed class ResumableFileUpload(StorageClient client, HttpClient http, int chunkSize)
{
    private const int MaxAttempts = 6;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);

    public async Task<GcsObject> UploadAsync(string bucket, string key, string contentType, FileStream file, long? ifGenerationMatch, CancellationToken cancellationToken)
    {
        var total = file.Length;
        var session = await client
            .CreateObjectUploader(bucket, key, contentType, file, new UploadObjectOptions { IfGenerationMatch = ifGenerationMatch })
            .InitiateSessionAsync(cancellationToken);
        var hash = new HashedPrefix();
        try
        {
            var offset = 0L;
            var failures = 0;
            while (true)
            {
                var length = Math.Min(chunkSize, total - offset);
                var outcome = await TryAsync(() => SendChunkAsync(session, file, offset, length, total, hash, cancellationToken), cancellationToken);
                if (outcome is { Object: { } stored })
                {
                    hash.Verify(stored, file, key);
                    return stored;
                }

                if (outcome is { Confirmed: { } confirmed } && confirmed > offset)
                {
                    offset = confirmed;
                    continue;
                }

                // No progress: the chunk failed, or the service kept none of it. Back off, then ask where to go on from.
                failures++;
                if (failures >= MaxAttempts)
                {
                    throw outcome.Failure ?? new IOException($"Upload of '{key}' made no progress after {failures} attempts.");
                }

                await Task.Delay(FirstBackoff * Math.Pow(2, failures - 1), cancellationToken);
                var status = await TryAsync(() => QueryAsync(session, total, cancellationToken), cancellationToken);
                if (status is { Object: { } finished })
                {
                    hash.Verify(finished, file, key);
                    return finished;
                }

                offset = status.Confirmed ?? offset;
            }
        }
        catch (OperationCanceledException)
        {
            await AbandonAsync(session);
            throw;
        }
    }

    private async Task<ChunkOutcome> SendChunkAsync(Uri session, FileStream file, long offset, long length, long total, HashedPrefix hash, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, session);
        var window = new FileWindowStream(file, offset, length, hash);
        request.Content = new StreamContent(window, 81920);
        request.Content.Headers.ContentLength = length;
        request.Content.Headers.ContentRange = length == 0 ? new ContentRangeHeaderValue(total) : new ContentRangeHeaderValue(offset, offset + length - 1, total);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ReadOutcomeAsync(response, cancellationToken);
    }

    private async Task<ChunkOutcome> QueryAsync(Uri session, long total, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, session) { Content = new ByteArrayContent([]) };
        request.Content.Headers.ContentRange = new ContentRangeHeaderValue(total);
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadOutcomeAsync(response, cancellationToken);
    }

    private static async Task<ChunkOutcome> ReadOutcomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return new ChunkOutcome(NewtonsoftJsonSerializer.Instance.Deserialize<GcsObject>(body), null, null);
        }

        if ((int)response.StatusCode == 308)
        {
            // "Range: bytes=0-N" is what the service holds; no header means it holds nothing yet.
            var range = response.Headers.TryGetValues("Range", out var values) ? values.FirstOrDefault() : null;
            var confirmed = range is null ? 0 : long.Parse(range[(range.IndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture) + 1;
            return new ChunkOutcome(null, confirmed, null);
        }

        var status = (int)response.StatusCode;
        var failure = new Google.GoogleApiException("storage", $"Resumable upload answered {status}: {body}") { HttpStatusCode = response.StatusCode };
        if (status is 408 or 429 or >= 500)
        {
            return new ChunkOutcome(null, null, failure);
        }

        throw failure;
    }

    private static async Task<ChunkOutcome> TryAsync(Func<Task<ChunkOutcome>> send, CancellationToken cancellationToken)
    {
        try
        {
            return await send();
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // A dropped connection, or the client's per-request timeout (a stalled chunk): retried from what the service holds.
            return new ChunkOutcome(null, null, e);
        }
    }

    private async Task AbandonAsync(Uri session)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, session), timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            // The session expires on its own within a week; nothing was committed.
        }
    }

    /// <summary>What one request of the session came back with: the stored object, the bytes confirmed, or a retryable failure.</summary>
    private sealed record ChunkOutcome(GcsObject? Object, long? Confirmed, Exception? Failure);

    /// <summary>
    /// CRC32C of the file's bytes in order, fed by the chunks as they are read; bytes re-sent after a failure are not
    /// counted twice. When a resume jumped past bytes never read, the hash is finished from the file instead.
    /// </summary>
    internal sealed class HashedPrefix
    {
        private readonly Crc32C _crc = new();

        public long Length { get; private set; }

        public void Observe(long position, ReadOnlyMemory<byte> bytes)
        {
            if (position > Length || position + bytes.Length <= Length)
            {
                return;
            }

            var fresh = bytes.Span[(int)(Length - position)..];
            _crc.Append(fresh);
            Length += fresh.Length;
        }

        public void Verify(GcsObject stored, FileStream file, string key)
        {
            if (Length < file.Length)
            {
                var buffer = new byte[81920];
                file.Position = Length;
                int read;
                while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
                {
                    _crc.Append(buffer.AsSpan(0, read));
                    Length += read;
                }
            }

            var sent = _crc.ToBase64();
            if ((long)(stored.Size ?? 0) != file.Length || (stored.Crc32c is { } crc && crc != sent))
            {
                throw new ObjectIntegrityException(key, new IOException($"stored {stored.Size} bytes with crc32c {stored.Crc32c}; sent {file.Length} with {sent}"));
            }
        }
    }
}
