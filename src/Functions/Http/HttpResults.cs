using System.Text.Json;
using EpisodeBuilder.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace EpisodeBuilder.Functions.Http;

/// <summary>Maps API results to HTTP responses: JSON values, and errors as problem details (RFC 7807).</summary>
internal static class HttpResults
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IActionResult ToActionResult(this ApiResult result, HttpRequest request)
    {
        if (result.RetryAfter is { } retryAfter)
        {
            request.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString("0", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (result.Problem is { } problem)
        {
            return Problem(problem);
        }

        if (result.Location is not null)
        {
            request.HttpContext.Response.Headers.Location = result.Location;
        }

        return new JsonResult(result.Value, Json) { StatusCode = result.Status };
    }

    public static IActionResult Problem(ApiProblem problem)
    {
        var body = new Dictionary<string, object?>
        {
            ["type"] = $"https://httpstatuses.io/{problem.Status}",
            ["title"] = problem.Title,
            ["status"] = problem.Status,
            ["detail"] = problem.Detail,
        };
        if (problem.Errors is not null)
        {
            body["errors"] = problem.Errors;
        }

        return new JsonResult(body, Json) { StatusCode = problem.Status, ContentType = "application/problem+json" };
    }

    public static IActionResult Unauthorized() =>
        Problem(new ApiProblem(401, "Not signed in.", "Sign in first: the request carries no authenticated user.", null));

    /// <summary>Reads a JSON body; a malformed one becomes a 400 problem saying where it broke.</summary>
    public static async Task<(T? Value, IActionResult? Error)> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Json, cancellationToken);
            return value is null
                ? (null, Problem(new ApiProblem(400, "The request is not valid.", "body: a JSON object is required.", new Dictionary<string, string[]> { ["body"] = ["a JSON object is required."] })))
                : (value, null);
        }
        catch (JsonException e)
        {
            var where = e.Path is null ? string.Empty : $" at {e.Path}";
            return (null, Problem(new ApiProblem(400, "Malformed JSON.", $"The body is not valid JSON{where} (line {e.LineNumber + 1}): {e.Message}", new Dictionary<string, string[]> { [e.Path ?? "body"] = ["malformed JSON or a value of the wrong type."] })));
        }
    }

    public static string ApiBaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}/api";
}
