using EpisodeBuilder.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace EpisodeBuilder.Functions.Http;

/// <summary>HTTP routes for a build's review: what the planner would cut, and the owner's approval.</summary>
public sealed class ReviewFunctions(ReviewService reviews, CallerIdentity identity)
{
    [Function("GetReview")]
    public async Task<IActionResult> GetReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "builds/{buildId}/review")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string buildId,
        CancellationToken cancellationToken) =>
        await identity.ResolveAsync(request.HttpContext) is { } user
            ? (await reviews.ShowAsync(client, user, buildId, cancellationToken)).ToActionResult(request)
            : HttpResults.Unauthorized();

    [Function("ApproveReview")]
    public async Task<IActionResult> ApproveReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "builds/{buildId}/review")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string buildId,
        CancellationToken cancellationToken)
    {
        if (await identity.ResolveAsync(request.HttpContext) is not { } user)
        {
            return HttpResults.Unauthorized();
        }

        var (body, error) = await HttpResults.ReadJsonAsync<ReviewRequest>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        return (await reviews.ApproveAsync(client, user, buildId, body, cancellationToken)).ToActionResult(request);
    }
}
