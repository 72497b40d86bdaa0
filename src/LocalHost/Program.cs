using EpisodeBuilder.DurableEngine;
using EpisodeBuilder.LocalHost;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Samples;
using EpisodeBuilder.Storage;

// script/server: `serve [--port 7071] [--gcs-port 4443 | --gcs URL] [--data DIR] [--engine azurite|memory]
//                       [--role all|api|worker] [--azurite CONNECTION] [--azurite-port N] [--worker-id NAME]`
// script/demo:   `demo [--data DIR] [--review | --auto-approve]` (free ports; data in a temp folder unless --data is given;
//                --review waits for the approval on the builds page, --auto-approve approves on the user's behalf)
// bucket setup:  `setup-bucket` (against whatever the environment's configuration points to)
var command = args.Length > 0 ? args[0] : "serve";
string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var repoData = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../.data"));

switch (command)
{
    case "serve":
    {
        LocalServer server;
        try
        {
            server = LocalServer.FromArguments(args, repoData);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
        {
            Console.Error.WriteLine($"serve: {e.Message}");
            return 2;
        }

        return await server.RunAsync(Console.Out);
    }

    case "demo":
    {
        var data = Option("--data") ?? Path.Combine(Path.GetTempPath(), "episode-builder-demo-" + Guid.NewGuid().ToString("N")[..8]);
        await using var environment = await LocalEnvironment.StartAsync(data, gcsPort: 0);
        await using var azurite = await AzuriteProcess.StartAsync(Path.Combine(data, "azurite"));
        using var loggerFactory = LoggerFactory.Create(l => l.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(o => o.SingleLine = true));
        await using var engine = await EngineHost.StartAsync(new DurableEngineOptions { ConnectionString = azurite.ConnectionString }, loggerFactory);
        await using var app = LocalApi.Build(environment, engine, "http://127.0.0.1:0", verbose: false);
        await app.Services.GetRequiredService<BucketSetup>().EnsureAsync(createIfMissing: true, CancellationToken.None);
        await app.StartAsync();
        var url = app.Urls.First();
        Console.WriteLine($"==> Local API on {url}/api/, GCS emulator on {environment.GcsUri} (data in {data}), Durable task hub on Azurite");
        using var http = new HttpClient { BaseAddress = new Uri(url + "/"), Timeout = TimeSpan.FromMinutes(10) };
        var work = Directory.CreateTempSubdirectory("episode-builder-demo-input-");
        try
        {
            var demo = new Demo(http, app.Services.GetRequiredService<SampleRecordingGenerator>(), app.Services.GetRequiredService<AudioInspector>(), Console.Out);
            var review = args.Contains("--auto-approve") ? DemoReview.AutoApprove : args.Contains("--review") ? DemoReview.OnThePage : DemoReview.None;
            var code = await demo.RunAsync(work.FullName, review, CancellationToken.None);
            Console.WriteLine($"==> Objects stay in the emulator's data directory: {Path.Combine(data, "gcs")}");
            return code;
        }
        finally
        {
            work.Delete(recursive: true);
            await app.StopAsync();
        }
    }

    case "setup-bucket":
    {
        var builder = Host.CreateApplicationBuilder(args.Skip(1).ToArray());
        builder.Services.AddEpisodeStorage(builder.Configuration);
        using var host = builder.Build();
        var result = await host.Services.GetRequiredService<BucketSetup>().EnsureAsync(createIfMissing: args.Contains("--create"), CancellationToken.None);
        Console.WriteLine($"Bucket setup: created={result.Created}, updated={result.Updated}");
        return 0;
    }

    default:
        Console.Error.WriteLine("usage: LocalHost serve [--port 7071] [--gcs-port 4443 | --gcs URL] [--data DIR] [--engine azurite|memory] [--role all|api|worker] [--azurite CONNECTION] [--azurite-port N] [--worker-id NAME] | demo [--data DIR] [--review | --auto-approve] | setup-bucket [--create]");
        return 2;
}
