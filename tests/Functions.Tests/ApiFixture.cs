using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EpisodeBuilder.Api.Hosting;
using EpisodeBuilder.DurableEngine;
using EpisodeBuilder.Functions.Http;
using EpisodeBuilder.GcsEmulator;
using EpisodeBuilder.GcsEmulator.Signing;
using EpisodeBuilder.Media;
using EpisodeBuilder.Orchestration.Workers;
using EpisodeBuilder.Storage;
using EpisodeBuilder.Storage.Workspaces;
using EpisodeBuilder.Tests.Engines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Functions.Tests;

/// <summary>
/// The Functions app's HTTP classes, called directly with real requests, over the real orchestrator and activities
/// on the Durable engine (Azure Storage on Azurite), with storage on a GCS emulator. Responses are produced by MVC's own result
/// executors, so status codes, headers and JSON are what the host would send.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("api-tests-").FullName;
    private ServiceProvider _mvc = null!;

    /// <summary>The largest transcript these tests' app accepts (<c>Limits:MaxTranscriptBytes</c>).</summary>
    public const long TranscriptLimit = 64 * 1024;

    public GcsEmulatorServer Emulator { get; private set; } = null!;

    public EngineAppHost Host { get; private set; } = null!;

    public DurableTaskClient Client => Host.Client;

    public string WorkspaceRoot => Path.Combine(_root, "workspaces");

    public T Get<T>()
        where T : notnull => Host.Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        var key = DevServiceAccount.CreateKeyJson("api-tests@episode-builder-test.iam.gserviceaccount.com");
        var keyFile = Path.Combine(_root, "signer.json");
        await File.WriteAllTextAsync(keyFile, key);
        Emulator = await GcsEmulatorServer.StartAsync(new GcsEmulatorOptions { Port = 0, DataDirectory = Path.Combine(_root, "gcs") });
        Emulator.TrustServiceAccount(key);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["STORAGE_EMULATOR_HOST"] = Emulator.BaseUri.ToString(),
            ["Storage:Bucket"] = "api-tests",
            ["Storage:SigningKeyFile"] = keyFile,
            ["Workspace:Root"] = WorkspaceRoot,
            // Published files go to a bucket of their own, as in production; its URL is the emulator's.
            ["Storage:PublicBucket"] = "api-tests-public",
            ["Publishing:PublicBaseUrl"] = new Uri(Emulator.BaseUri, "api-tests-public/").ToString(),
            ["Auth:AllowUserIdHeader"] = "true",
            ["Limits:MaxTranscriptBytes"] = TranscriptLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).AddInMemoryCollection(Settings).Build();
        Host = await EngineAppHost.StartAsync(await EngineAppHost.OptionsAsync(EngineBackend.AzureStorage), registry => registry.AddEpisodeBuild(), services =>
        {
            services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
            services.AddEpisodeBuilder(configuration).AddSampleRecordings();
        });
        await Get<BucketSetup>().EnsureAsync(createIfMissing: true, CancellationToken.None);
        _mvc = new ServiceCollection().AddLogging().AddMvcCore().Services.BuildServiceProvider();
    }

    /// <summary>Settings a fixture for one kind of test adds to, or changes in, the app's configuration.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public BuildsFunctions Builds => ActivatorUtilities.CreateInstance<BuildsFunctions>(Host.Services);

    public SnippetsFunctions Snippets => ActivatorUtilities.CreateInstance<SnippetsFunctions>(Host.Services);

    public UploadsFunctions Uploads => ActivatorUtilities.CreateInstance<UploadsFunctions>(Host.Services);

    /// <summary>A request as the host would hand it to a function.</summary>
    public HttpRequest Request(string method, string path, string? user, string? body = null)
    {
        var context = new DefaultHttpContext { RequestServices = _mvc };
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost", 7071);
        var query = path.IndexOf('?', StringComparison.Ordinal);
        context.Request.Path = query < 0 ? path : path[..query];
        context.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(path[query..]);
        if (user is not null)
        {
            context.Request.Headers["X-User-Id"] = user;
        }

        if (body is not null)
        {
            context.Request.ContentType = "application/json";
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        }

        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    /// <summary>Executes a function's result into the response and reads it back.</summary>
    public static async Task<ApiResponse> SendAsync(HttpRequest request, Task<IActionResult> function)
    {
        var result = await function;
        var context = request.HttpContext;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        var retryAfter = context.Response.Headers.RetryAfter.ToString();
        return new ApiResponse(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers.Location.ToString(), text.Length == 0 ? null : JsonNode.Parse(text), retryAfter.Length == 0 ? null : retryAfter);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Emulator.DisposeAsync();
        await _mvc.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}

/// <summary>An HTTP response as the frontend sees it.</summary>
public sealed record ApiResponse(int Status, string? ContentType, string Location, JsonNode? Body, string? RetryAfter = null);
