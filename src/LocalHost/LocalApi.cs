using EpisodeBuilder.Activities.Api;
using EpisodeBuilder.Activities.Hosting;
using EpisodeBuilder.Functions.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace EpisodeBuilder.LocalHost;

/// <summary>
/// Serves the Functions app's HTTP routes on <c>/api/...</c> by calling the same function classes the Functions
/// host calls, with the in-process Durable engine running the same orchestrator and activities.
/// </summary>
public static class LocalApi
{
    public const string DefaultUser = "demo-user";

    public static WebApplication Build(LocalEnvironment environment, string url, bool verbose = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(environment.Settings());
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("EpisodeBuilder", verbose ? LogLevel.Information : LogLevel.Warning);
        builder.Services.AddMvcCore();
        builder.Services.AddEpisodeBuilder(builder.Configuration);
        builder.Services.AddInMemoryDurableTask(registry => registry.AddEpisodeBuild());
        builder.Services.AddTransient<BuildsFunctions>();
        builder.Services.AddTransient<SnippetsFunctions>();
        builder.Services.AddTransient<UploadsFunctions>();

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            // Local only: a request without a user acts as the demo user (the Functions app never does this).
            if (!context.Request.Headers.ContainsKey(CallerIdentity.UserIdHeader) && !context.Request.Headers.ContainsKey(CallerIdentity.PrincipalHeader))
            {
                context.Request.Headers[CallerIdentity.UserIdHeader] = DefaultUser;
            }

            await next();
        });

        app.MapPost("/api/episodes/{episodeId}/builds", (HttpContext c, string episodeId, BuildsFunctions f, DurableTaskClient d) => Run(c, f.StartBuild(c.Request, d, episodeId, c.RequestAborted)));
        app.MapGet("/api/builds/{buildId}", (HttpContext c, string buildId, BuildsFunctions f, DurableTaskClient d) => Run(c, f.GetBuild(c.Request, d, buildId, c.RequestAborted)));
        app.MapGet("/api/episodes/{episodeId}/builds", (HttpContext c, string episodeId, BuildsFunctions f, DurableTaskClient d) => Run(c, f.ListBuilds(c.Request, d, episodeId, c.RequestAborted)));
        app.MapPost("/api/builds/{buildId}/cancel", (HttpContext c, string buildId, BuildsFunctions f, DurableTaskClient d) => Run(c, f.CancelBuild(c.Request, d, buildId, c.RequestAborted)));
        app.MapPost("/api/episodes/{episodeId}/snippets", (HttpContext c, string episodeId, SnippetsFunctions f) => Run(c, f.CreateSnippet(c.Request, episodeId, c.RequestAborted)));
        app.MapPost("/api/uploads", (HttpContext c, UploadsFunctions f) => Run(c, f.CreateUpload(c.Request, c.RequestAborted)));
        return app;
    }

    private static async Task Run(HttpContext context, Task<IActionResult> action)
    {
        var result = await action;
        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }
}
