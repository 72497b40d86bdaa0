using EpisodeBuilder.LocalHostDriver;
using Xunit.Abstractions;

namespace EpisodeBuilder.LocalHost.Tests;

/// <summary>
/// The stuck-build watchdog on the real engine: a worker frozen mid-build (SIGSTOP to its process group, tools included)
/// can neither finish its step nor stop it at the deadline, so the build's status stops moving; the API process says so
/// in the status and its log once the step's deadline and the margin have passed, and not before.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class StalledBuildTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StallMargin = TimeSpan.FromSeconds(3);
    private readonly ProcessTestContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public async Task A_build_whose_worker_is_frozen_is_reported_stalled_after_the_deadline_and_margin()
    {
        await using var backends = await SharedBackends.StartAsync(_context.Data);
        var environment = _context.Environment;
        environment["Builds__StepTimeout"] = "00:00:05";
        environment["Builds__StallMargin"] = "00:00:03";
        environment["Builds__StallScanInterval"] = "00:00:01";
        await using var api = await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, backends.Arguments("--role", "api", "--port", "0"), environment);
        await using var worker = await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, backends.Arguments("--role", "worker", "--worker-id", "w1"), environment, ownProcessGroup: true);
        using var client = new EpisodeBuilderApi(api.ApiUrl!);
        var (wav, transcript) = await LongRecording.CreateAsync(_context.Inputs, 60);
        var recording = await client.UploadAsync(wav, "frozen.wav", "audio/wav");
        var transcriptKey = await client.UploadAsync(transcript, "frozen.json", "application/json");
        var buildId = await client.StartBuildAsync("frozen", ProcessTestContext.Request(recording, transcriptKey, "frozenshow"));
        await client.WaitForStepAsync(buildId, "inspect", TimeSpan.FromMinutes(2));

        worker.SignalGroup(LocalHostProcess.SigStop);
        var frozenAt = DateTimeOffset.UtcNow;
        try
        {
            var seen = await client.StatusAsync(buildId);
            var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
            while (!seen["stalled"]!.GetValue<bool>() && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(250);
                seen = await client.StatusAsync(buildId);
            }

            var reportedAt = DateTimeOffset.UtcNow;
            output.WriteLine(seen.ToJsonString());
            Assert.True(seen["stalled"]!.GetValue<bool>(), "never reported stalled: " + seen.ToJsonString());
            Assert.Equal("Running", seen["status"]!.GetValue<string>());
            var since = seen["stalledSince"]!.GetValue<DateTimeOffset>();
            Assert.Equal(seen["lastUpdatedAt"]!.GetValue<DateTimeOffset>(), since);
            Assert.True(reportedAt - since >= StepTimeout + StallMargin, $"reported {reportedAt - since} after the status last moved");
            Assert.True(since <= frozenAt, "the status moved after the worker froze");
            await WaitForLogAsync(api, $"Build {buildId} is stalled", TimeSpan.FromSeconds(10));
        }
        finally
        {
            worker.SignalGroup(LocalHostProcess.SigCont);
        }

        // Thawed, the worker ends the step (its deadline has long passed) and the build moves again: no longer stalled.
        var done = await client.WaitForEndAsync(buildId, TimeSpan.FromMinutes(3));
        output.WriteLine(done.ToJsonString());
        Assert.Contains(done["status"]!.GetValue<string>(), new[] { "Completed", "Failed" });
        Assert.False(done["stalled"]!.GetValue<bool>());
    }

    private static async Task WaitForLogAsync(LocalHostProcess process, string text, TimeSpan timeout)
    {
        var end = DateTimeOffset.UtcNow + timeout;
        while (!process.Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTimeOffset.UtcNow < end, $"the log never said '{text}':{Environment.NewLine}{process.Tail(20)}");
            await Task.Delay(200);
        }
    }
}
