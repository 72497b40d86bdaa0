using System.Diagnostics;
using System.Text.Json.Nodes;
using EpisodeBuilder.LocalHostDriver;
using Xunit.Abstractions;

namespace EpisodeBuilder.LocalHost.Tests;

/// <summary>
/// <c>script/server</c> as a terminal or a container runtime treats it: signals go to its whole process group (the
/// server, its FFmpeg and PocketSphinx), never to Azurite, which runs in a session of its own and saves before it stops.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ProcessGroupSignalTests(ITestOutputHelper output) : IDisposable
{
    private readonly ProcessTestContext _context = new();

    private string[] Arguments => ["--port", "0", "--gcs-port", "0", "--data", _context.Data];

    private Task<LocalHostProcess> StartAsync() =>
        LocalHostProcess.StartAsync(ProcessTestContext.AppDll, Arguments, _context.Environment, timeout: TimeSpan.FromSeconds(120), ownProcessGroup: true);

    /// <summary>
    /// Starts a build with no transcript, so it spends a while in transcription; returns once the build was accepted
    /// (<paramref name="into"/> null) or once transcription has run for <paramref name="into"/>.
    /// </summary>
    private async Task<string> StartBuildAsync(LocalHostProcess server, string episode, TimeSpan? into)
    {
        using var api = new EpisodeBuilderApi(server.ApiUrl!);
        var (wav, _) = await LongRecording.CreateAsync(_context.Inputs, 90);
        var buildId = await api.StartBuildAsync(episode, ProcessTestContext.Request(await api.UploadAsync(wav, "talk.wav", "audio/wav"), null, episode + "show"));
        if (into is { } running)
        {
            await api.WaitForStepAsync(buildId, "transcribe", TimeSpan.FromMinutes(2));
            await Task.Delay(running);
            Assert.Equal("transcribe", (await api.StatusAsync(buildId))["step"]!.GetValue<string>());
        }

        return buildId;
    }

    private async Task AssertListedAndCompletesAfterRestartAsync(string episode, string buildId)
    {
        var restart = Stopwatch.StartNew();
        await using var again = await StartAsync();
        using var api = new EpisodeBuilderApi(again.ApiUrl!);
        output.WriteLine($"restarted in {restart.Elapsed.TotalSeconds:0.0} s");
        Assert.Contains((await api.ListAsync(episode)).Select(b => b!["buildId"]!.GetValue<string>()), id => id == buildId);
        JsonNode done;
        try
        {
            done = await api.WaitForEndAsync(buildId, TimeSpan.FromMinutes(3));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\nThe restarted server said:\n" + again.Tail(60), e);
        }

        Assert.True(done["status"]!.GetValue<string>() == "Completed", done.ToJsonString());
        await again.StopAsync();
    }

    [Fact]
    public async Task Ctrl_C_to_the_servers_process_group_stops_it_within_ten_seconds_and_the_build_completes_after_a_restart()
    {
        string buildId;
        await using (var server = await StartAsync())
        {
            buildId = await StartBuildAsync(server, "interrupted", TimeSpan.FromSeconds(2));

            var clock = Stopwatch.StartNew();
            server.SignalGroup(LocalHostProcess.SigInt);
            var stopped = await server.WaitForExitAsync(TimeSpan.FromSeconds(10));

            Assert.True(stopped, $"still running 10 s after Ctrl+C:\n{server.Tail()}");
            output.WriteLine($"stopped {clock.Elapsed.TotalSeconds:0.0} s after SIGINT to the group, exit code {server.ExitCode}");
            output.WriteLine(server.Tail(40));
            Assert.Equal(0, server.ExitCode);
        }

        await AssertListedAndCompletesAfterRestartAsync("interrupted", buildId);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    public async Task A_build_survives_a_SIGKILL_of_the_servers_whole_process_group_at_once_or_seconds_into_transcription(int secondsIntoTranscription)
    {
        var episode = secondsIntoTranscription < 0 ? "killedatonce" : "killedlater";
        string buildId;
        await using (var server = await StartAsync())
        {
            buildId = await StartBuildAsync(server, episode, secondsIntoTranscription < 0 ? null : TimeSpan.FromSeconds(secondsIntoTranscription));

            server.SignalGroup(LocalHostProcess.SigKill);

            Assert.True(await server.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        }

        await AssertListedAndCompletesAfterRestartAsync(episode, buildId);
    }

    [Fact]
    public async Task A_server_whose_Azurite_dies_stops_with_an_error_naming_it_instead_of_waiting()
    {
        await using var server = await StartAsync();
        var azurite = ProcessTable.Descendants(server.Pid).Single(p => p.Name == "node");

        Process.GetProcessById(azurite.Pid).Kill();
        var clock = Stopwatch.StartNew();
        var stopped = await server.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.True(stopped, $"still running 30 s after Azurite died:\n{server.Tail()}");
        output.WriteLine($"stopped {clock.Elapsed.TotalSeconds:0.0} s after Azurite died, exit code {server.ExitCode}");
        Assert.Equal(LocalServer.ExitDependencyDied, server.ExitCode);
        Assert.Contains("Azurite", server.Tail(), StringComparison.Ordinal);
        Assert.Contains("exited", server.Tail(), StringComparison.Ordinal);
    }

    public void Dispose() => _context.Dispose();
}
