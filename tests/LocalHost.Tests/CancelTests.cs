using System.Diagnostics;
using EpisodeBuilder.LocalHostDriver;
using Xunit.Abstractions;

namespace EpisodeBuilder.LocalHost.Tests;

[Collection(ProcessCollection.Name)]
public sealed class CancelTests(ITestOutputHelper output) : IDisposable
{
    private readonly ProcessTestContext _context = new();

    [Fact]
    public async Task Cancel_during_merge_kills_its_ffmpeg_and_publishes_nothing()
    {
        await using var server = await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, ["--port", "0", "--gcs-port", "0", "--data", _context.Data], _context.Environment);
        using var api = new EpisodeBuilderApi(server.ApiUrl!);
        var (wav, transcript) = await LongRecording.CreateAsync(_context.Inputs, 300);
        var request = ProcessTestContext.Request(await api.UploadAsync(wav, "five-minutes.wav", "audio/wav"), await api.UploadAsync(transcript, "five-minutes.json", "application/json"), "cancelshow");
        var buildId = await api.StartBuildAsync("canceled", request);
        await api.WaitForStepAsync(buildId, "merge", TimeSpan.FromMinutes(3));
        var running = Stopwatch.StartNew();
        while (server.ChildTools().Count == 0)
        {
            Assert.True(running.Elapsed < TimeSpan.FromSeconds(30), "the merge never started FFmpeg");
            await Task.Delay(50);
        }

        var clock = Stopwatch.StartNew();
        Assert.Equal(202, await api.CancelAsync(buildId));
        var ended = await api.WaitForEndAsync(buildId, TimeSpan.FromSeconds(10));
        var canceledAfter = clock.Elapsed;
        while (server.ChildTools().Count > 0 && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50);
        }

        var ffmpegGoneAfter = clock.Elapsed;
        output.WriteLine($"cancel → Canceled status after {canceledAfter.TotalSeconds:0.00} s; FFmpeg gone after {ffmpegGoneAfter.TotalSeconds:0.00} s");

        Assert.Equal("Canceled", ended["status"]!.GetValue<string>());
        Assert.True(canceledAfter < TimeSpan.FromSeconds(10), $"Canceled after {canceledAfter}");
        Assert.Empty(server.ChildTools());
        Assert.True(ffmpegGoneAfter < TimeSpan.FromSeconds(5), $"FFmpeg still ran {ffmpegGoneAfter} after cancel");
        using var published = new GcsObjects(GcsObjects.FromOutput(server.Output), GcsObjects.PublicBucket);
        Assert.Null(await published.GetAsync($"demo-user/episodes/canceled/{buildId}.mp3"));
        Assert.Null(await published.GetAsync("demo-user/feeds/cancelshow.xml"));
        var deadline = Stopwatch.StartNew();
        while (_context.WorkspacesLeft > 0 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, _context.WorkspacesLeft);
    }

    public void Dispose() => _context.Dispose();
}
