using EpisodeBuilder.Api.Hosting;
using EpisodeBuilder.DurableEngine;
using EpisodeBuilder.Media;
using EpisodeBuilder.Orchestration;
using EpisodeBuilder.Orchestration.Workers;
using EpisodeBuilder.Storage;
using EpisodeBuilder.Tests.Engines;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Activities.Tests.Infrastructure;

/// <summary>
/// The real orchestrator and activities on a Durable engine (Azure Storage on Azurite unless a test asks for the
/// in-memory one), with storage on the emulator and real FFmpeg: what the Functions host runs, minus the host.
/// </summary>
public sealed class BuildHost : IAsyncDisposable
{
    private BuildHost(EngineAppHost host, string bucket, string workspaceRoot)
    {
        Host = host;
        Bucket = bucket;
        WorkspaceRoot = workspaceRoot;
    }

    public EngineAppHost Host { get; }

    public DurableTaskClient Client => Host.Client;

    public string Bucket { get; }

    public string WorkspaceRoot { get; }

    public T Get<T>()
        where T : notnull => Host.Services.GetRequiredService<T>();

    /// <summary>The build's progress once it reaches <paramref name="state"/>; fails if it ends first or takes over four minutes.</summary>
    public async Task<BuildProgress> WaitForStateAsync(string buildId, BuildState state)
    {
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (true)
        {
            var metadata = await Client.GetInstanceAsync(buildId, getInputsAndOutputs: true);
            var progress = metadata?.SerializedCustomStatus is null ? null : metadata.ReadCustomStatusAs<BuildProgress>();
            if (progress?.State == state)
            {
                return progress;
            }

            Assert.True(metadata?.RuntimeStatus is not (OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed), $"the build ended {metadata?.RuntimeStatus} before {state}: {metadata?.SerializedCustomStatus}");
            Assert.True(DateTime.UtcNow < deadline, $"the build did not reach {state}: {metadata?.SerializedCustomStatus}");
            await Task.Delay(250);
        }
    }

    public static async Task<BuildHost> StartAsync(StorageFixture storage, EngineBackend backend = EngineBackend.AzureStorage, Action<IServiceCollection>? replace = null, IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var bucket = "build-" + Guid.NewGuid().ToString("N")[..20];
        var workspaceRoot = Path.Combine(storage.Root, "ws-" + bucket);
        var settings = storage.Settings(bucket, workspaceRoot);
        settings["Publishing:PublicBaseUrl"] = "https://cdn.example.test/";
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var host = await EngineAppHost.StartAsync(await EngineAppHost.OptionsAsync(backend), registry => registry.AddEpisodeBuild(), services =>
        {
            services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
            services.AddEpisodeBuilder(configuration).AddSampleRecordings();
            replace?.Invoke(services);
        });
        await host.Services.GetRequiredService<BucketSetup>().EnsureAsync(createIfMissing: true, CancellationToken.None);
        return new BuildHost(host, bucket, workspaceRoot);
    }

    public async Task<OrchestrationMetadata> RunAsync(EpisodeBuildInput input, TimeSpan? timeout = null)
    {
        await Client.ScheduleNewOrchestrationInstanceAsync(EpisodeBuildOrchestrator.Name, input, new Microsoft.DurableTask.StartOrchestrationOptions(input.Build.BuildId));
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        return await Client.WaitForInstanceCompletionAsync(input.Build.BuildId, getInputsAndOutputs: true, cts.Token);
    }

    /// <summary>Waits until no workspace directory is left (an abandoned activity may still be finishing).</summary>
    public async Task<int> RemainingWorkspacesAsync(TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var count = Directory.Exists(WorkspaceRoot) ? Directory.GetDirectories(WorkspaceRoot).Length : 0;
            if (count == 0 || DateTime.UtcNow > deadline)
            {
                return count;
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
