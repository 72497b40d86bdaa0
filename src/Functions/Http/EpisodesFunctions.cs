using EpisodeBuilder.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace EpisodeBuilder.Functions.Http;

/// <summary>HTTP route that takes a published episode down: out of its podcast's feed, its public files deleted.</summary>
public sealed class EpisodesFunctions(EpisodeService episodes, CallerIdentity identity)
{
    [Function("UnpublishEpisode")]
    public async Task<IActionResult> UnpublishEpisode(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "podcasts/{podcast}/episodes/{episodeId}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string podcast,
        string episodeId,
        CancellationToken cancellationToken) =>
        await identity.ResolveAsync(request.HttpContext) is { } user
            ? (await episodes.UnpublishAsync(client, user, podcast, episodeId, cancellationToken)).ToActionResult(request)
            : HttpResults.Unauthorized();
}
