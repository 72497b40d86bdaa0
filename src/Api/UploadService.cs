using System.Text.RegularExpressions;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Storage;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Api;

/// <summary>
/// Hands the frontend a signed URL to upload a recording (or a transcript, or cover art) straight to GCS under the caller's
/// prefix, so large files never pass through a function instance. The URL holds the upload to
/// <see cref="InputLimits.MaxUploadBytes"/> (a transcript to <see cref="InputLimits.MaxTranscriptBytes"/>, art to <see cref="InputLimits.MaxImageBytes"/>).
/// </summary>
public sealed partial class UploadService(SignedUrls urls, IOptions<InputLimits> limits)
{
    public async Task<ApiResult> CreateAsync(string userId, UploadRequest? request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = Path.GetFileName(request?.FileName?.Replace('\\', '/') ?? string.Empty);
        var safe = UnsafeCharacters().Replace(name, "_").Trim('.', '_', ' ');
        if (safe.Length == 0 || safe.Length > 120 || Path.GetExtension(safe).Length < 2)
        {
            errors["fileName"] = ["is required: a file name with an extension, at most 120 characters."];
        }

        var contentType = request?.ContentType?.Trim().ToLowerInvariant();
        if (contentType is null || !(contentType.StartsWith("audio/", StringComparison.Ordinal) || contentType is "application/json" or "image/png" or "image/jpeg") || contentType.Any(char.IsWhiteSpace))
        {
            errors["contentType"] = ["must be an audio type (audio/mpeg, audio/wav, ...), application/json for a transcript, or image/png or image/jpeg for cover art."];
        }

        if (errors.Count > 0)
        {
            return ApiResult.Invalid(errors);
        }

        var key = ObjectKeys.Upload(userId, $"{Guid.NewGuid():N}-{safe}");
        var url = await urls.ForUploadAsync(key, contentType!, limits.Value.MaxBytesFor(contentType!), cancellationToken: cancellationToken);
        return ApiResult.Ok(new UploadTicket(key, url.Url, url.Method, url.Headers, url.ExpiresAt));
    }

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeCharacters();
}
