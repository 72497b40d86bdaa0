using System.Diagnostics;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.InspectUpload;
using EpisodeBuilder.Activities.Tests.Infrastructure;
using EpisodeBuilder.Activities.Transcribe;
using EpisodeBuilder.Api.Hosting;
using EpisodeBuilder.Storage;

namespace EpisodeBuilder.Activities.Tests.Inputs;

/// <summary>The steps that first read a podcaster's inputs refuse what is over <see cref="InputLimits"/>, naming the setting, before any heavy work.</summary>
[Collection(StorageCollection.Name)]
public sealed class InputLimitsTests(StorageFixture storage) : IDisposable
{
    private static readonly BuildRef Build = new("carol", "ep1", "carol.ep1.limits");
    private readonly string _dir = Directory.CreateTempSubdirectory("limits-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Inspect_refuses_a_recording_longer_than_the_limit_and_stores_nothing()
    {
        await using var services = await storage.CreateServicesAsync((s, c) => s.AddEpisodeBuilder(c), new() { ["Limits:MaxRecordingDuration"] = "00:00:02" });
        var upload = await UploadToneAsync(services, "long.mp3", seconds: 3);

        var error = await Assert.ThrowsAsync<InvalidBuildInputException>(() =>
            services.Get<InspectUploadActivity>().RunAsync(new InspectUploadInput(Build, upload), CancellationToken.None));

        Assert.Contains("0:00:03 long; the limit is 0:00:02 (Limits:MaxRecordingDuration)", error.Message, StringComparison.Ordinal);
        Assert.Null(await services.Get<ObjectStore>().GetAsync(Build.File("source.wav"), CancellationToken.None));
    }

    [Fact]
    public async Task Inspect_refuses_an_upload_larger_than_the_limit_before_reading_it()
    {
        await using var services = await storage.CreateServicesAsync((s, c) => s.AddEpisodeBuilder(c), new() { ["Limits:MaxUploadBytes"] = "4096" });
        var upload = await UploadToneAsync(services, "big.wav", seconds: 1);

        var error = await Assert.ThrowsAsync<InvalidBuildInputException>(() =>
            services.Get<InspectUploadActivity>().RunAsync(new InspectUploadInput(Build, upload), CancellationToken.None));

        Assert.Contains("the limit is 4 KiB (Limits:MaxUploadBytes)", error.Message, StringComparison.Ordinal);
        Assert.Null(await services.Get<ObjectStore>().GetAsync(Build.File("source.wav"), CancellationToken.None));
    }

    [Fact]
    public async Task Transcribe_refuses_a_supplied_transcript_larger_than_the_limit()
    {
        await using var services = await storage.CreateServicesAsync((s, c) => s.AddEpisodeBuilder(c), new() { ["Limits:MaxTranscriptBytes"] = "1024" });
        var key = ObjectKeys.Upload("carol", "words.json");
        await services.Get<ObjectStore>().WriteTextAsync(key, new string(' ', 2048), "application/json", WriteCondition.Overwrite, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidBuildInputException>(() =>
            services.Get<TranscribeActivity>().RunAsync(new TranscribeInput(Build, key, []), CancellationToken.None));

        Assert.Contains("The transcript", error.Message, StringComparison.Ordinal);
        Assert.Contains("2 KiB; the limit is 1 KiB (Limits:MaxTranscriptBytes)", error.Message, StringComparison.Ordinal);
    }

    private async Task<string> UploadToneAsync(TestServices services, string name, int seconds)
    {
        var path = Path.Combine(_dir, name);
        using (var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", $"sine=f=300:d={seconds}:r=44100", path]) { RedirectStandardError = true })!)
        {
            await ffmpeg.WaitForExitAsync();
            Assert.True(ffmpeg.ExitCode == 0, await ffmpeg.StandardError.ReadToEndAsync());
        }

        var key = ObjectKeys.Upload("carol", name);
        await services.Get<ObjectStore>().UploadFileAsync(path, key, name.EndsWith(".mp3", StringComparison.Ordinal) ? "audio/mpeg" : "audio/wav");
        return key;
    }
}
