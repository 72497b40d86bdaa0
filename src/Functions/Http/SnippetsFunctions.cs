using EpisodeBuilder.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EpisodeBuilder.Functions.Http;

/// <summary>HTTP route that exports a waveform snippet to GCS and answers with its signed URL.</summary>
public sealed class SnippetsFunctions(SnippetService snippets, CallerIdentity identity)
{
    [Function("CreateSnippet")]
    public async Task<IActionResult> CreateSnippet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "episodes/{episodeId}/snippets")] HttpRequest request,
        string episodeId,
        CancellationToken cancellationToken)
    {
        if (await identity.ResolveAsync(request.HttpContext) is not { } user)
        {
            return HttpResults.Unauthorized();
        }

        var (body, error) = await HttpResults.ReadJsonAsync<SnippetRequest>(request, cancellationToken);
        return error ?? (await snippets.ExportAsync(user, episodeId, body, cancellationToken)).ToActionResult(request);
    }
}
