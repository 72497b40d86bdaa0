using System.Diagnostics;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.ExportSnippets;
using EpisodeBuilder.Activities.Tests.Infrastructure;
using EpisodeBuilder.Api;
using EpisodeBuilder.Api.Hosting;
using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Storage;

namespace EpisodeBuilder.Activities.Tests.Storage;

/// <summary>Snippets of a long recording read only their range of it from GCS, counted by the emulator.</summary>
[Collection(StorageCollection.Name)]
public sealed class RangedReadTests(StorageFixture storage) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ranged-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_snippet_from_the_end_of_a_ten_minute_recording_reads_a_few_percent_of_it()
    {
        await using var services = await storage.CreateServicesAsync((s, c) => s.AddEpisodeBuilder(c));
        var store = services.Get<ObjectStore>();
        var key = await UploadTenMinutesAsync(store, "erin", "long.wav");
        var size = (await store.GetAsync(key, CancellationToken.None))!.Size;

        var result = await services.Get<SnippetService>().ExportAsync("erin", "ep1", new SnippetRequest(key, 560, 590), CancellationToken.None);

        Assert.Equal(200, result.Status);
        var created = Assert.IsType<SnippetCreated>(result.Value);
        var snippet = Path.Combine(_dir, "snippet.mp3");
        await store.DownloadToFileAsync(created.Key, snippet, CancellationToken.None);
        Assert.InRange(await services.Get<AudioInspector>().DurationAsync(snippet, CancellationToken.None), 29.8, 30.2);
        var sent = storage.Emulator.Downloads.BytesSent(services.Bucket, key);
        Assert.True(sent < size / 10, $"the snippet read {sent} of the recording's {size} bytes");
    }

    [Fact]
    public async Task Review_snippets_read_only_their_markers_ranges_of_the_working_audio()
    {
        await using var services = await storage.CreateServicesAsync((s, c) => s.AddEpisodeBuilder(c));
        var store = services.Get<ObjectStore>();
        var build = new BuildRef("erin", "ep2", "erin.ep2.ranged");
        var audio = await UploadTenMinutesAsync(store, "erin", "working.wav");
        var size = (await store.GetAsync(audio, CancellationToken.None))!.Size;
        var plan = new EditPlan(600, [], [new EditMarker("intern", 500, 503, "add a drum roll"), new EditMarker("flubber", 30, 32, "the moon")]);
        var planKey = build.File("edit-plan.json");
        await store.WriteTextAsync(planKey, plan.ToJson(), "application/json", WriteCondition.Overwrite, CancellationToken.None);

        var exported = await services.Get<ExportSnippetsActivity>().RunAsync(new ExportSnippetsInput(build, audio, planKey), CancellationToken.None);

        Assert.Equal(2, exported.SnippetKeys.Count);
        foreach (var (snippetKey, seconds) in exported.SnippetKeys.Zip([3.0 + 1.0, 2.0 + 1.0]))
        {
            var file = Path.Combine(_dir, Path.GetFileName(snippetKey));
            await store.DownloadToFileAsync(snippetKey, file, CancellationToken.None);
            Assert.InRange(await services.Get<AudioInspector>().DurationAsync(file, CancellationToken.None), seconds - 0.1, seconds + 0.1);
        }

        var sent = storage.Emulator.Downloads.BytesSent(services.Bucket, audio);
        Assert.True(sent < size / 50, $"the snippets read {sent} of the recording's {size} bytes");
    }

    private async Task<string> UploadTenMinutesAsync(ObjectStore store, string user, string name)
    {
        var path = Path.Combine(_dir, name);
        using (var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", $"-v error -y -f lavfi -i sine=f=220:d=600:r=44100 -ac 1 -c:a pcm_s16le {path}") { UseShellExecute = false })!)
        {
            await ffmpeg.WaitForExitAsync();
            Assert.Equal(0, ffmpeg.ExitCode);
        }

        var key = ObjectKeys.Upload(user, name);
        await store.UploadFileAsync(path, key, "audio/wav");
        File.Delete(path);
        return key;
    }
}
