using EpisodeBuilder.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace EpisodeBuilder.Functions.Http;

/// <summary>HTTP routes for episode builds: start (or rebuild from a build), status, list, cancel, retry.</summary>
public sealed class BuildsFunctions(BuildService builds, CallerIdentity identity)
{
    [Function("StartBuild")]
    public async Task<IActionResult> StartBuild(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "episodes/{episodeId}/builds")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string episodeId,
        CancellationToken cancellationToken)
    {
        if (await identity.ResolveAsync(request.HttpContext) is not { } user)
        {
            return HttpResults.Unauthorized();
        }

        var (body, error) = await HttpResults.ReadJsonAsync<System.Text.Json.Nodes.JsonObject>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        return (await builds.StartAsync(client, user, episodeId, body!, HttpResults.ApiBaseUrl(request), cancellationToken)).ToActionResult(request);
    }

    [Function("GetBuild")]
    public async Task<IActionResult> GetBuild(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "builds/{buildId}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string buildId,
        CancellationToken cancellationToken) =>
        await identity.ResolveAsync(request.HttpContext) is { } user
            ? (await builds.StatusAsync(client, user, buildId, cancellationToken)).ToActionResult(request)
            : HttpResults.Unauthorized();

    [Function("ListBuilds")]
    public async Task<IActionResult> ListBuilds(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "episodes/{episodeId}/builds")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string episodeId,
        CancellationToken cancellationToken) =>
        await identity.ResolveAsync(request.HttpContext) is { } user
            ? (await builds.ListAsync(client, user, episodeId, request.Query["pageToken"].FirstOrDefault(), request.Query["pageSize"].FirstOrDefault(), cancellationToken)).ToActionResult(request)
            : HttpResults.Unauthorized();

    [Function("CancelBuild")]
    public async Task<IActionResult> CancelBuild(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "builds/{buildId}/cancel")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string buildId,
        CancellationToken cancellationToken) =>
        await identity.ResolveAsync(request.HttpContext) is { } user
            ? (await builds.CancelAsync(client, user, buildId, cancellationToken)).ToActionResult(request)
            : HttpResults.Unauthorized();

    [Function("RetryBuild")]
    public async Task<IActionResult> RetryBuild(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "builds/{buildId}/retry")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string buildId,
        CancellationToken cancellationToken) =>
        await identity.ResolveAsync(request.HttpContext) is { } user
            ? (await builds.RetryAsync(client, user, buildId, HttpResults.ApiBaseUrl(request), cancellationToken)).ToActionResult(request)
            : HttpResults.Unauthorized();
}
