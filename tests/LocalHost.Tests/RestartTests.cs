using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Text;
using EpisodeBuilder.LocalHostDriver;
using Xunit.Abstractions;

namespace EpisodeBuilder.LocalHost.Tests;

[Collection(ProcessCollection.Name)]
public sealed class RestartTests(ITestOutputHelper output) : IDisposable
{
    private readonly ProcessTestContext _context = new();

    [Fact]
    public async Task A_server_killed_during_merge_finishes_the_build_after_restart_and_publishes_once()
    {
        var arguments = new[] { "--port", "0", "--gcs-port", "0", "--data", _context.Data };
        var first = await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, arguments, _context.Environment);
        string buildId;
        await using (first)
        {
            using var api = new EpisodeBuilderApi(first.ApiUrl!);
            var (wav, transcript) = await LongRecording.CreateAsync(_context.Inputs, 240);
            var request = ProcessTestContext.Request(await api.UploadAsync(wav, "long.wav", "audio/wav"), await api.UploadAsync(transcript, "long.json", "application/json"), "restartshow");
            buildId = await api.StartBuildAsync("restarted", request);
            await api.WaitForStepAsync(buildId, "merge", TimeSpan.FromMinutes(3));
            Assert.Contains((await api.ListAsync("restarted")).Select(b => b!["buildId"]!.GetValue<string>()), id => id == buildId);

            await first.KillAsync();
        }

        var restarted = Stopwatch.StartNew();
        await using var second = await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, arguments, _context.Environment);
        using var api2 = new EpisodeBuilderApi(second.ApiUrl!);
        var before = await api2.StatusAsync(buildId);
        Assert.Equal("Running", before["status"]!.GetValue<string>());
        Assert.Contains((await api2.ListAsync("restarted")).Select(b => b!["buildId"]!.GetValue<string>()), id => id == buildId);

        var done = await api2.WaitForEndAsync(buildId, TimeSpan.FromMinutes(4));
        output.WriteLine($"restarted process up and the build completed {restarted.Elapsed.TotalSeconds:0.0} s after the restart began; steps: " +
            string.Join(", ", done["steps"]!.AsArray().Select(s => $"{s!["name"]}@{s["worker"]}")));

        Assert.True(done["status"]!.GetValue<string>() == "Completed", done.ToJsonString());
        Assert.Contains((await api2.ListAsync("restarted")).Select(b => b!["buildId"]!.GetValue<string>()), id => id == buildId);
        using var gcs = new GcsObjects(GcsObjects.FromOutput(second.Output), GcsObjects.PublicBucket);
        var mp3 = await gcs.GetAsync(done["outputs"]!["episode"]!.GetValue<string>());
        Assert.True(mp3 is { Length: > 100_000 }, $"episode MP3 of {mp3?.Length} bytes");
        var feed = Encoding.UTF8.GetString((await gcs.GetAsync(done["outputs"]!["feed"]!.GetValue<string>()))!);
        Assert.Single(Regex.Matches(feed, "<item>"));
        Assert.Equal(0, _context.WorkspacesLeft);
    }

    [Fact]
    public async Task The_server_comes_up_twenty_times_in_a_row()
    {
        var times = new List<double>();
        var exitCodes = new List<int>();
        var failedStops = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var clock = Stopwatch.StartNew();
            await using var server = await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, ["--port", "0", "--gcs-port", "0", "--data", _context.Data], _context.Environment);
            using var api = new EpisodeBuilderApi(server.ApiUrl!);
            Assert.Empty(await api.ListAsync("nothing-yet"));
            times.Add(clock.Elapsed.TotalSeconds);
            await server.StopAsync();
            exitCodes.Add(server.ExitCode);
            if (server.ExitCode != 0)
            {
                failedStops.Add($"start {i + 1} exited {server.ExitCode}:\n{server.Output}");
            }
        }

        Assert.Equal(20, times.Count);
        Assert.True(failedStops.Count == 0, string.Join("\n\n", failedStops));
        Assert.All(exitCodes, code => Assert.Equal(0, code));
        output.WriteLine($"20 starts: up in {times.Min():0.0}-{times.Max():0.0} s (median {times.Order().ElementAt(10):0.0} s)");
    }

    public void Dispose() => _context.Dispose();
}
