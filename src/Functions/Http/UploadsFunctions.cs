using EpisodeBuilder.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EpisodeBuilder.Functions.Http;

/// <summary>HTTP route that hands out signed upload URLs, so recordings go straight from the browser to GCS.</summary>
public sealed class UploadsFunctions(UploadService uploads, CallerIdentity identity)
{
    [Function("CreateUpload")]
    public async Task<IActionResult> CreateUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "uploads")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await identity.ResolveAsync(request.HttpContext) is not { } user)
        {
            return HttpResults.Unauthorized();
        }

        var (body, error) = await HttpResults.ReadJsonAsync<UploadRequest>(request, cancellationToken);
        return error ?? (await uploads.CreateAsync(user, body, cancellationToken)).ToActionResult(request);
    }
}
