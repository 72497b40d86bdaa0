using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EpisodeBuilder.Media;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Storage;
using EpisodeBuilder.Storage.Workspaces;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Api;

/// <summary>
/// Exports a range of a stored recording to <c>intern_snippets/</c> and returns a signed URL for it: the waveform
/// view always plays snippets from GCS, so any instance can serve any request (the "waveform bug" fix). The key
/// is derived from the source's generation and the range, so asking twice exports once. Only the range is read: a WAV
/// by ranged reads of its bytes, anything else by FFmpeg through a short-lived signed URL (HTTP range requests), so a
/// snippet of a three-hour recording moves about what one of a three-minute recording does.
/// </summary>
public sealed class SnippetService(ObjectStore store, SignedUrls urls, WorkspaceFactory workspaces, SnippetExporter exporter, ILogger<SnippetService> logger)
{
    /// <summary>How long the URL FFmpeg reads the source through stays valid.</summary>
    public static readonly TimeSpan SourceUrlLifetime = TimeSpan.FromMinutes(10);

    public async Task<ApiResult> ExportAsync(string userId, string episodeId, SnippetRequest? request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ObjectKeys.IsValidId(episodeId))
        {
            errors["episodeId"] = ["must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'."];
        }

        string? source = null;
        try
        {
            source = ObjectKeys.ValidateUserKey(userId, request?.Source);
        }
        catch (InvalidObjectKeyException e)
        {
            errors["source"] = [e.Reason + "."];
        }

        if (request?.Start is not { } start || start < 0 || !double.IsFinite(start))
        {
            errors["start"] = ["is required: seconds >= 0."];
            start = 0;
        }

        if (request?.End is not { } end || !double.IsFinite(end) || end <= start)
        {
            errors["end"] = ["is required: seconds after start."];
            end = 0;
        }
        else if (end - start > SnippetExporter.MaximumSeconds)
        {
            errors["end"] = [$"a snippet can be at most {SnippetExporter.MaximumSeconds} seconds long."];
        }

        if (errors.Count > 0)
        {
            return ApiResult.Invalid(errors);
        }

        var stored = await store.GetAsync(source!, cancellationToken);
        if (stored is null)
        {
            return ApiResult.NotFound($"source: no object '{source}' exists.");
        }

        var identity = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{source}#{stored.Generation}")))[..16];
        var key = ObjectKeys.Snippet(userId, episodeId, string.Create(CultureInfo.InvariantCulture, $"{identity}-{(long)(start * 1000)}-{(long)(end * 1000)}.mp3"));
        if (await store.GetAsync(key, cancellationToken) is null)
        {
            await using var workspace = workspaces.Create("ExportSnippet");
            var snippet = workspace.PathFor("snippet.mp3");
            try
            {
                // A WAV (what the product stores) is cut from the exact bytes of the range; anything else (an uploaded
                // MP3) is read by FFmpeg through a signed URL, seeking with HTTP range requests.
                if (await StoredWav.ReadLayoutAsync(store, stored, cancellationToken) is { } layout)
                {
                    if (start >= layout.DurationSeconds)
                    {
                        return ApiResult.Fail(422, "The snippet cannot be exported.", "The range lies beyond the end of the source.");
                    }

                    var range = workspace.PathFor("range.wav");
                    var from = await StoredWav.DownloadRangeAsync(store, source!, layout, new TimeRange(start, Math.Min(end, layout.DurationSeconds)), range, cancellationToken);

                    await exporter.ExportAsync(range, start - from, end - from, snippet, cancellationToken);
                }
                else
                {
                    var read = await urls.ForReadAsync(source!, SourceUrlLifetime, cancellationToken);
                    await exporter.ExportAsync(read.Url, start, end, snippet, cancellationToken);
                }
            }
            catch (Exception e) when (e is InvalidMediaException or MediaProcessingException)
            {
                // FFmpeg's own words stay in the log: they name how the source was read, not what the caller can change.
                logger.LogWarning(e, "Snippet {Start}-{End} of {Source} could not be exported", start, end, source);
                var reason = e is InvalidMediaException invalid ? invalid.Reason : "it cannot be decoded as audio over that range";
                return ApiResult.Fail(422, "The snippet cannot be exported.", $"source '{source}': {reason}.");
            }

            if (new FileInfo(snippet).Length == 0)
            {
                return ApiResult.Fail(422, "The snippet cannot be exported.", "The range lies beyond the end of the source.");
            }

            try
            {
                await store.UploadFileAsync(snippet, key, "audio/mpeg", WriteCondition.CreateOnly, cancellationToken);
            }
            catch (WriteConflictException)
            {
                // Another instance exported the same snippet first: same key, same content.
            }
        }

        var url = await urls.ForReadAsync(key, cancellationToken: cancellationToken);
        return ApiResult.Ok(new SnippetCreated(key, url.Url, url.ExpiresAt));
    }
}
