using EpisodeBuilder.Activities.Api;
using EpisodeBuilder.Activities.Hosting;
using EpisodeBuilder.DurableEngine;
using EpisodeBuilder.Functions.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;

namespace EpisodeBuilder.LocalHost;

/// <summary>
/// Serves the Functions app's HTTP routes on <c>/api/...</c> by calling the same function classes the Functions
/// host calls, with the Durable engine running the same orchestrator and activities (unless the role is
/// <see cref="EngineRole.Api"/>, whose builds run on worker processes sharing the task hub).
/// </summary>
public static class LocalApi
{
    public const string DefaultUser = "demo-user";

    public static WebApplication Build(LocalEnvironment environment, EngineHost engine, string url, bool verbose = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(environment.Settings()).AddEnvironmentVariables();
        builder.WebHost.UseUrls(url);
        ConfigureLogging(builder.Logging, verbose);
        builder.Services.AddMvcCore();
        AddApp(builder.Services, builder.Configuration, engine);
        builder.Services.AddTransient<BuildsFunctions>();
        builder.Services.AddTransient<SnippetsFunctions>();
        builder.Services.AddTransient<UploadsFunctions>();
        builder.Services.AddTransient<ReviewFunctions>();

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            // Local only: a request that names no user and brings no token acts as the demo user (the Functions app never does this).
            if (!context.Request.Headers.ContainsKey(CallerIdentity.UserIdHeader) && !context.Request.Headers.ContainsKey(CallerIdentity.PrincipalHeader)
                && !context.Request.Headers.ContainsKey("Authorization"))
            {
                context.Request.Headers[CallerIdentity.UserIdHeader] = DefaultUser;
            }

            await next();
        });

        WebPage.Map(app);
        app.MapPost("/api/episodes/{episodeId}/builds", (HttpContext c, string episodeId, BuildsFunctions f, DurableTaskClient d) => Run(c, f.StartBuild(c.Request, d, episodeId, c.RequestAborted)));
        app.MapGet("/api/builds/{buildId}", (HttpContext c, string buildId, BuildsFunctions f, DurableTaskClient d) => Run(c, f.GetBuild(c.Request, d, buildId, c.RequestAborted)));
        app.MapGet("/api/episodes/{episodeId}/builds", (HttpContext c, string episodeId, BuildsFunctions f, DurableTaskClient d) => Run(c, f.ListBuilds(c.Request, d, episodeId, c.RequestAborted)));
        app.MapPost("/api/builds/{buildId}/cancel", (HttpContext c, string buildId, BuildsFunctions f, DurableTaskClient d) => Run(c, f.CancelBuild(c.Request, d, buildId, c.RequestAborted)));
        app.MapPost("/api/episodes/{episodeId}/snippets", (HttpContext c, string episodeId, SnippetsFunctions f) => Run(c, f.CreateSnippet(c.Request, episodeId, c.RequestAborted)));
        app.MapPost("/api/uploads", (HttpContext c, UploadsFunctions f) => Run(c, f.CreateUpload(c.Request, c.RequestAborted)));
        app.MapGet("/api/builds/{buildId}/review", (HttpContext c, string buildId, ReviewFunctions f, DurableTaskClient d) => Run(c, f.GetReview(c.Request, d, buildId, c.RequestAborted)));
        app.MapPost("/api/builds/{buildId}/review", (HttpContext c, string buildId, ReviewFunctions f, DurableTaskClient d) => Run(c, f.ApproveReview(c.Request, d, buildId, c.RequestAborted)));
        return app;
    }

    /// <summary>A worker process: runs build steps from the shared task hub, serves no HTTP.</summary>
    public static IHost BuildWorker(LocalEnvironment environment, EngineHost engine, bool verbose = true)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(environment.Settings()).AddEnvironmentVariables();
        ConfigureLogging(builder.Logging, verbose);
        AddApp(builder.Services, builder.Configuration, engine);
        return builder.Build();
    }

    private static void AddApp(IServiceCollection services, IConfiguration configuration, EngineHost engine)
    {
        services.AddSingleton(new WorkerIdentity(engine.Options.WorkerId));
        services.AddEpisodeBuilder(configuration);
        services.AddDurableEngine(engine, registry => registry.AddEpisodeBuild());
    }

    private static void ConfigureLogging(ILoggingBuilder logging, bool verbose)
    {
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddFilter("EpisodeBuilder", verbose ? LogLevel.Information : LogLevel.Warning);
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
    }

    private static async Task Run(HttpContext context, Task<IActionResult> action)
    {
        var result = await action;
        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }
}
