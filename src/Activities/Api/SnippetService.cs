using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EpisodeBuilder.Activities.Storage;
using EpisodeBuilder.Activities.Workspaces;
using EpisodeBuilder.Media;
using EpisodeBuilder.Media.Ffmpeg;

namespace EpisodeBuilder.Activities.Api;

/// <summary>
/// Exports a range of a stored recording to <c>intern_snippets/</c> and returns a signed URL for it: the waveform
/// view always plays snippets from GCS, so any instance can serve any request (the "waveform bug" fix). The key
/// is derived from the source's generation and the range, so asking twice exports once.
/// </summary>
public sealed class SnippetService(ObjectStore store, SignedUrls urls, WorkspaceFactory workspaces, SnippetExporter exporter)
{
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
            var local = workspace.PathFor("source" + ObjectKeys.SafeExtension(source!));
            await store.DownloadToFileAsync(source!, local, cancellationToken);
            var snippet = workspace.PathFor("snippet.mp3");
            try
            {
                await exporter.ExportAsync(local, start, end, snippet, cancellationToken);
            }
            catch (Exception e) when (e is InvalidMediaException or MediaProcessingException)
            {
                return ApiResult.Fail(422, "The snippet cannot be exported.", $"source '{source}': {e.Message}");
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
