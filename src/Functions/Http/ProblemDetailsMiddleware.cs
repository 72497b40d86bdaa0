using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Functions.Http;

/// <summary>
/// Answers an HTTP function that throws with a problem details response (<see cref="HttpErrors"/>) instead of the
/// host's empty 500; other triggers' exceptions go on to the host, which records them.
/// </summary>
public sealed class ProblemDetailsMiddleware(ILogger<ProblemDetailsMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (context.GetHttpContext() is { } http && !http.RequestAborted.IsCancellationRequested)
        {
            await HttpErrors.WriteAsync(http, e, logger);
        }
    }
}
