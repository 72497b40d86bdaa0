using System.Globalization;
using EpisodeBuilder.Api;
using EpisodeBuilder.DurableEngine;
using EpisodeBuilder.Storage;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.LocalHost;

/// <summary>
/// <c>script/server</c>: one local process of Episode Builder. By default it serves everything: the API on :7071,
/// the GCS emulator on :4443 (data in <c>.data/gcs</c>), Azurite as a child process (data in <c>.data/azurite</c>)
/// holding the Durable task hub, and a worker running the builds. With <c>--role api|worker</c> and the shared
/// services' addresses (<c>--gcs</c>, <c>--azurite</c>) several processes share one task hub and one bucket.
/// Ctrl+C or SIGTERM stops it in order (the API, the engine, then its Azurite, which saves); an Azurite that dies under
/// it stops it with <see cref="ExitDependencyDied"/>, naming Azurite, instead of leaving it waiting.
/// </summary>
public sealed class LocalServer
{
    public required string DataDirectory { get; init; }

    public int Port { get; init; } = 7071;

    public int GcsPort { get; init; } = 4443;

    public Uri? ExternalGcs { get; init; }

    public EngineBackend Backend { get; init; } = EngineBackend.AzureStorage;

    public EngineRole Role { get; init; } = EngineRole.All;

    /// <summary>A running Azurite's connection string; when null this process starts its own.</summary>
    public string? AzuriteConnection { get; init; }

    /// <summary>First of Azurite's three ports (blob, queue, table) when this process starts it; 0: the OS chooses.</summary>
    public int AzuritePort { get; init; }

    public string? WorkerId { get; init; }

    public static LocalServer FromArguments(string[] args, string defaultData)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int IntOption(string name, int fallback) => Option(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var server = new LocalServer
        {
            DataDirectory = Path.GetFullPath(Option("--data") ?? defaultData),
            Port = IntOption("--port", 7071),
            GcsPort = IntOption("--gcs-port", 4443),
            ExternalGcs = Option("--gcs") is { } gcs ? new Uri(gcs) : null,
            Backend = Option("--engine") switch
            {
                null or "azurite" => EngineBackend.AzureStorage,
                "memory" => EngineBackend.InMemory,
                var other => throw new ArgumentException($"--engine must be 'azurite' or 'memory', not '{other}'."),
            },
            Role = Option("--role") switch
            {
                null or "all" => EngineRole.All,
                "api" => EngineRole.Api,
                "worker" => EngineRole.Worker,
                var other => throw new ArgumentException($"--role must be 'all', 'api' or 'worker', not '{other}'."),
            },
            AzuriteConnection = Option("--azurite"),
            AzuritePort = IntOption("--azurite-port", 0),
            WorkerId = Option("--worker-id"),
        };
        if (server.Role == EngineRole.Worker && (server.ExternalGcs is null || (server.Backend == EngineBackend.AzureStorage && server.AzuriteConnection is null)))
        {
            // A worker with its own emulator or Azurite would serve a task hub and a bucket nobody else sees.
            throw new ArgumentException("--role worker needs the shared services: --gcs URL and --azurite CONNECTION (see script/cluster).");
        }

        return server;
    }

    /// <summary>
    /// The longest a stop (Ctrl+C, SIGTERM) may take: past it the process exits at once, as a crash would, which loses
    /// nothing (a build resumes from what it saved; Azurite, in its own session, saves under its guard).
    /// </summary>
    public static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(8);

    /// <summary>How long a stopping server waits for its Azurite to save before leaving it to finish under its guard.</summary>
    public static readonly TimeSpan AzuriteStopPatience = TimeSpan.FromSeconds(2);

    private static CancellationTokenRegistration ExitIfStopTakesTooLong(IHostApplicationLifetime lifetime, Func<int> exitCode) =>
        lifetime.ApplicationStopping.Register(() => _ = Task.Run(async () =>
        {
            await Task.Delay(StopDeadline);
            await Console.Error.WriteLineAsync($"serve: stopping took longer than {StopDeadline.TotalSeconds:0} s; exiting now (saved builds resume on restart).");
            Environment.Exit(exitCode());
        }));

    /// <summary>The exit code of a server that stopped because Azurite, which it started, died under it.</summary>
    public const int ExitDependencyDied = 3;

    public async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken = default)
    {
        await using var environment = await LocalEnvironment.StartAsync(DataDirectory, GcsPort, ExternalGcs);
        AzuriteProcess? azurite = null;
        var connection = AzuriteConnection;
        if (Backend == EngineBackend.AzureStorage && connection is null)
        {
            var port = AzuritePort;
            azurite = await AzuriteProcess.StartAsync(Path.Combine(DataDirectory, "azurite"), port, port == 0 ? 0 : port + 1, port == 0 ? 0 : port + 2, cancellationToken: cancellationToken);
            connection = azurite.ConnectionString;
        }

        try
        {
            var options = new DurableEngineOptions
            {
                Backend = Backend,
                Role = Role,
                ConnectionString = connection,
                WorkerId = WorkerId ?? $"{Environment.MachineName}-{Environment.ProcessId}",
            };

            // Tuning from the environment (DurableEngine__WorkItemVisibilityTimeout, __LockRenewInterval, __PartitionCount, ...).
            new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection(DurableEngineOptions.SectionName).Bind(options);
            using var loggerFactory = LoggerFactory.Create(l => l.SetMinimumLevel(LogLevel.Warning).AddFilter("EpisodeBuilder", LogLevel.Information).AddSimpleConsole(o => o.SingleLine = true));
            await using var engine = await EngineHost.StartAsync(options, loggerFactory, cancellationToken);
            if (Role == EngineRole.Worker)
            {
                using var worker = LocalApi.BuildWorker(environment, engine);
                await worker.StartAsync(cancellationToken);
                using var workerDeadline = ExitIfStopTakesTooLong(worker.Services.GetRequiredService<IHostApplicationLifetime>(), () => 0);
                output.WriteLine($"Episode Builder worker {options.WorkerId} ready: task hub {options.TaskHub}, GCS {environment.GcsUri}. Ctrl+C stops.");
                await worker.WaitForShutdownAsync(cancellationToken);
                return 0;
            }

            await using var app = LocalApi.Build(environment, engine, Port == 0 ? "http://127.0.0.1:0" : $"http://localhost:{Port}");
            await app.Services.GetRequiredService<BucketSetup>().EnsureAsync(createIfMissing: true, cancellationToken);
            await app.StartAsync(cancellationToken);
            var exitCode = 0;
            using var deadline = ExitIfStopTakesTooLong(app.Lifetime, () => exitCode);
            output.WriteLine($"Episode Builder API:  {app.Urls.First()}/api/  (POST uploads, POST episodes/{{id}}/builds, GET builds/{{id}}, ...)");
            output.WriteLine($"GCS emulator:         {environment.GcsUri}  buckets '{LocalEnvironment.Bucket}' (private) and '{LocalEnvironment.PublicBucket}' (published), data in {environment.DataDirectory}");
            output.WriteLine($"Durable engine:       {(Backend == EngineBackend.AzureStorage ? "Azure Storage on Azurite" + (azurite is null ? " (shared)" : $" (data in {Path.Combine(DataDirectory, "azurite")})") : "in memory")}, role {Role}, worker {options.WorkerId}");
            if (azurite is not null)
            {
                output.WriteLine($"Azurite connection:   {azurite.ConnectionString}");
            }

            var callers = app.Services.GetRequiredService<IOptions<ApiOptions>>().Value;
            output.WriteLine(callers.AllowUserIdHeader
                ? $"Requests without X-User-Id act as '{LocalApi.DefaultUser}' (local only). Ctrl+C stops."
                : $"Callers sign in{(callers.Jwt.Enabled ? $" at {callers.Jwt.Authority}" : string.Empty)}; X-User-Id is not accepted. Ctrl+C stops.");
            var stopped = app.WaitForShutdownAsync(cancellationToken);
            if (azurite is null || await Task.WhenAny(stopped, azurite.Exited) == stopped)
            {
                await stopped;
                return 0;
            }

            // Without Azurite the engine can neither save a build's progress nor read it: say so and stop, rather than
            // wait on it for ever. Builds already saved go on when the server is started again.
            await Console.Error.WriteLineAsync(
                $"serve: Azurite (pid {azurite.ProcessId}, data in {Path.Combine(DataDirectory, "azurite")}) exited with code {azurite.ExitCode} while the server ran; " +
                "the durable engine cannot save or read builds without it. Stopping: start the server again, and its saved builds resume.");
            exitCode = ExitDependencyDied;
            await app.StopAsync(CancellationToken.None);
            return ExitDependencyDied;
        }
        finally
        {
            if (azurite is not null)
            {
                // Ctrl+C must stop the server within seconds: an Azurite slow to save is left saving under its guard.
                await azurite.StopAsync(AzuriteStopPatience);
            }
        }
    }
}
