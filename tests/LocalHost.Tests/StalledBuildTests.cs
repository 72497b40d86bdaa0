using EpisodeBuilder.LocalHostDriver;
using Xunit.Abstractions;

namespace EpisodeBuilder.LocalHost.Tests;

/// <summary>
/// The stuck-build watchdog on the real engine: a worker frozen mid-build (SIGSTOP to its process group, tools included)
/// can neither finish its step nor stop it at the deadline, so the build's status stops moving; the API process says so
/// in the status and, once, in its log (its own scan, with nobody reading the status) when the step's deadline and the
/// margin have passed, and not before.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class StalledBuildTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StallMargin = TimeSpan.FromSeconds(5);
    private readonly ProcessTestContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public async Task A_build_whose_worker_is_frozen_is_reported_stalled_after_the_deadline_and_margin_and_not_before()
    {
        await using var backends = await SharedBackends.StartAsync(_context.Data);
        var environment = _context.Environment;
        environment["Builds__StepTimeout"] = "00:00:10";
        environment["Builds__StallMargin"] = "00:00:05";
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
        var stalledLine = $"Build {buildId} is stalled";
        try
        {
            // Past the step's deadline but within the margin: not stalled yet.
            var moved = (await client.StatusAsync(buildId))["lastUpdatedAt"]!.GetValue<DateTimeOffset>();
            await DelayUntilAsync(moved + StepTimeout + TimeSpan.FromSeconds(1));
            var early = await client.StatusAsync(buildId);
            Assert.False(early["stalled"]!.GetValue<bool>(), "reported stalled within the margin: " + early.ToJsonString());
            Assert.Equal(moved, early["lastUpdatedAt"]!.GetValue<DateTimeOffset>());

            // Nobody reads the status now: the API's own scan logs it, once the margin has passed too.
            await api.WaitForOutputAsync(stalledLine, TimeSpan.FromSeconds(30));
            Assert.True(DateTimeOffset.UtcNow - moved >= StepTimeout + StallMargin, "logged before the deadline and margin had passed");
            var seen = await client.StatusAsync(buildId);
            output.WriteLine(seen.ToJsonString());
            Assert.True(seen["stalled"]!.GetValue<bool>(), seen.ToJsonString());
            Assert.Equal("Running", seen["status"]!.GetValue<string>());
            Assert.Equal(moved, seen["stalledSince"]!.GetValue<DateTimeOffset>());

            // Once per stall, however many scans and reads see it.
            await Task.Delay(TimeSpan.FromSeconds(3));
            await client.StatusAsync(buildId);
            Assert.Equal(1, Occurrences(api.Output, stalledLine));
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

    private static async Task DelayUntilAsync(DateTimeOffset when)
    {
        var wait = when - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

}
