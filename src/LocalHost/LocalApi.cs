using EpisodeBuilder.Api;
using EpisodeBuilder.Api.Hosting;
using EpisodeBuilder.DurableEngine;
using EpisodeBuilder.Media;
using EpisodeBuilder.Orchestration.Workers;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.LocalHost;

/// <summary>
/// Serves the Functions app's HTTP routes (<see cref="FunctionRoutes"/>: the same function classes and attributes the
/// Functions host reads), with the Durable engine running the same orchestrator and activities (unless the role is
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
        builder.Services.AddOptions<PageSignInOptions>()
            .Bind(builder.Configuration.GetSection(PageSignInOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PageSignInOptions>, PageSignInValidation>();
        builder.Services.AddHostedService<StalledBuildsScanner>();
        AddApp(builder.Services, builder.Configuration, engine);

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
        FunctionRoutes.Map(app);
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
        services.AddSampleRecordings(); // the demo's recording
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
}
