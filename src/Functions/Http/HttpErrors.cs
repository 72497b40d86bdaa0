using System.Globalization;
using System.Net;
using EpisodeBuilder.Api;
using EpisodeBuilder.Storage;
using Google;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Functions.Http;

/// <summary>
/// What an HTTP function answers when it throws: a storage outage (GCS, or the task hub's Azure Storage) is a 503
/// problem with <c>Retry-After</c>; anything else a 500 problem that says only when it happened and under which trace id.
/// Neither carries the exception's message, which may hold a signed URL or a path; the log has it.
/// </summary>
public static class HttpErrors
{
    /// <summary>How long a caller is asked to wait after an outage before trying again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>Whether <paramref name="exception"/> means a service the app depends on is unavailable for now.</summary>
    public static bool IsOutage(Exception exception) => exception switch
    {
        TransientStorageException or HttpRequestException or TimeoutException => true,
        GoogleApiException g => (int)g.HttpStatusCode is 408 or 429 or >= 500,
        Azure.RequestFailedException r => r.Status is 0 or 408 or 429 or >= 500,
        // The Durable client's calls go to the engine over gRPC; the engine reports its storage failing as Unknown ("Exception
        // was thrown by handler") or Internal. A request the engine refuses (a bad argument, say) has another status.
        RpcException r => r.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted
            or StatusCode.Aborted or StatusCode.Internal or StatusCode.Unknown,
        AggregateException a => a.InnerExceptions.Count > 0 && a.InnerExceptions.All(IsOutage),
        _ => exception.InnerException is { } inner && IsOutage(inner),
    };

    /// <summary>The problem for <paramref name="exception"/> (see the class summary).</summary>
    public static ApiProblem ProblemFor(Exception exception, string traceId) => IsOutage(exception)
        ? new ApiProblem(
            (int)HttpStatusCode.ServiceUnavailable,
            "A service the app depends on is unavailable.",
            $"Storage did not answer. Try again in {RetryAfter.TotalSeconds:0} seconds: the same request can be repeated (trace {traceId}).",
            null)
        : new ApiProblem(
            (int)HttpStatusCode.InternalServerError,
            "Something went wrong.",
            $"The request failed on the server; the error is logged under trace {traceId}.",
            null);

    /// <summary>Logs <paramref name="exception"/> and answers the request with its problem (and <c>Retry-After</c> for an outage).</summary>
    public static async Task WriteAsync(HttpContext context, Exception exception, ILogger logger)
    {
        var traceId = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        var problem = ProblemFor(exception, traceId);
        logger.LogError(exception, "{Method} {Path} failed ({Status}, trace {TraceId})", context.Request.Method, context.Request.Path, problem.Status, traceId);
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        if (problem.Status == (int)HttpStatusCode.ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = RetryAfter.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
        }

        await HttpResults.Problem(problem).ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }
}
