using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Text;
using EpisodeBuilder.Activities.MergeEpisode;
using EpisodeBuilder.DurableEngine;
using EpisodeBuilder.GcsEmulator;
using EpisodeBuilder.LocalHostDriver;
using Xunit.Abstractions;

namespace EpisodeBuilder.LocalHost.Tests;

[Collection(ProcessCollection.Name)]
public sealed class TwoWorkerTests(ITestOutputHelper output) : IDisposable
{
    private readonly ProcessTestContext _context = new();

    [Fact]
    public async Task Two_workers_share_a_build_and_the_survivor_finishes_it_when_one_is_killed_mid_step()
    {
        // The shared services, started once: one Azurite task hub and one GCS emulator for every process.
        await using var backends = await SharedBackends.StartAsync(_context.Data);
        var gcs = backends.Gcs;
        string[] Shared(params string[] more) => backends.Arguments(more);
        var environment = _context.Environment;
        environment["DurableEngine__MaxConcurrentActivities"] = "1";

        await using var api = await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, Shared("--role", "api", "--port", "0"), environment);
        var workers = new Dictionary<string, LocalHostProcess>
        {
            ["w1"] = await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, Shared("--role", "worker", "--worker-id", "w1"), environment),
            ["w2"] = await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, Shared("--role", "worker", "--worker-id", "w2"), environment),
        };
        try
        {
            using var client = new EpisodeBuilderApi(api.ApiUrl!);
            var (wav, transcript) = await LongRecording.CreateAsync(_context.Inputs, 600);
            var recording = await client.UploadAsync(wav, "shared.wav", "audio/wav");
            var transcriptKey = await client.UploadAsync(transcript, "shared.json", "application/json");
            var buildId = await client.StartBuildAsync("shared", ProcessTestContext.Request(recording, transcriptKey, "sharedshow"));
            await client.WaitForStepAsync(buildId, "merge", TimeSpan.FromMinutes(3));
            var runner = await WhoRunsAsync(workers, buildId, "MergeEpisodeActivity");
            var survivor = workers.Keys.Single(k => k != runner);

            // The step logs that it runs before it has made its workspace (it first looks for a cancel marker in storage):
            // the kill waits for the workspace, so it lands inside the merge's work, not in that gap.
            await WaitForWorkspaceAsync(_context.Workspaces, "MergeEpisode");
            output.WriteLine($"merge started on {runner}; killing it");
            await workers[runner].KillAsync();

            var done = await client.WaitForEndAsync(buildId, TimeSpan.FromMinutes(4));

            Assert.True(done["status"]!.GetValue<string>() == "Completed", done.ToJsonString());
            var steps = done["steps"]!.AsArray().Select(s => (Name: s!["name"]!.GetValue<string>(), Worker: s["worker"]?.GetValue<string>())).ToList();
            output.WriteLine(string.Join(", ", steps.Select(s => $"{s.Name}@{s.Worker}")));
            Assert.Equal(survivor, steps.Single(s => s.Name == "merge").Worker);
            var ranOn = steps.Where(s => s.Worker is not null).Select(s => s.Worker!).ToHashSet();
            ranOn.Add(runner); // the killed worker ran the merge until it was killed (its log says so)
            Assert.Equal(["w1", "w2"], ranOn.Order().ToArray());

            using var reader = new GcsObjects(gcs.BaseUri);
            using var published = new GcsObjects(gcs.BaseUri, GcsObjects.PublicBucket);
            var feed = Encoding.UTF8.GetString((await published.GetAsync(done["outputs"]!["feed"]!.GetValue<string>()))!);
            Assert.Single(Regex.Matches(feed, "<item>"));
            var shared = await SizesAsync(reader, published, done);

            // The same input built again by one worker process alone: the same objects, byte for byte in size.
            // Episode and podcast names of the same length as the first build's, since both are written into the MP3's tags.
            var alone = await client.StartBuildAsync("single", ProcessTestContext.Request(recording, transcriptKey, "singleshow"));
            var aloneDone = await client.WaitForEndAsync(alone, TimeSpan.FromMinutes(4));
            Assert.True(aloneDone["status"]!.GetValue<string>() == "Completed", aloneDone.ToJsonString());
            Assert.All(aloneDone["steps"]!.AsArray().Where(s => s!["worker"] is not null), s => Assert.Equal(survivor, s!["worker"]!.GetValue<string>()));
            Assert.Equal(shared, await SizesAsync(reader, published, aloneDone));

            // Only the killed worker's workspace is left, and the next worker to start on this machine sweeps it.
            Assert.Equal(1, _context.WorkspacesLeft);
            workers["w3"] = await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, Shared("--role", "worker", "--worker-id", "w3"), environment);
            Assert.Equal(0, _context.WorkspacesLeft);
        }
        finally
        {
            foreach (var worker in workers.Values)
            {
                await worker.DisposeAsync();
            }
        }
    }

    private static async Task WaitForWorkspaceAsync(string root, string prefix)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!Directory.Exists(root) || Directory.GetDirectories(root, prefix + "-*").Length == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No {prefix} workspace appeared in {root}.");
            }

            await Task.Delay(20);
        }
    }

    private static async Task<string> WhoRunsAsync(Dictionary<string, LocalHostProcess> workers, string buildId, string step)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var (name, worker) in workers)
            {
                if (worker.Output.Contains($"Build {buildId}: {step} runs on {name}", StringComparison.Ordinal))
                {
                    return name;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No worker logged that it runs {step}.");
    }

    private static async Task<long[]> SizesAsync(GcsObjects reader, GcsObjects published, JsonNode status)
    {
        var outputs = status["outputs"]!;
        var keys = new[] { (reader, outputs["editPlan"]!), (published, outputs["episode"]!), (reader, outputs["transcript"]!) };
        var sizes = new List<long>();
        foreach (var (bucket, key) in keys)
        {
            sizes.Add((await bucket.GetAsync(key.GetValue<string>()))!.Length);
        }

        return [.. sizes];
    }

    public void Dispose() => _context.Dispose();
}
