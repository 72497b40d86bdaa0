using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;
using EpisodeBuilder.LocalHostDriver;
using Microsoft.Playwright;

namespace EpisodeBuilder.LocalHost.Tests;

/// <summary>
/// The builds page in Debian's chromium builds an episode with the podcaster's controls: HTML show notes with the chapter
/// list, uploaded show and episode art, a stereo music bed at a set level: the feed and the MP3 carry each of them.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class BrowserEpisodeControlsTests : IDisposable
{
    private const string Episode = "controls-ep";
    private static readonly HttpClient Http = new();
    private readonly ProcessTestContext _context = new();

    public void Dispose() => _context.Dispose();

    private static void Ffmpeg(string arguments)
    {
        using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", "-v error -y " + arguments) { RedirectStandardError = true })!;
        var error = ffmpeg.StandardError.ReadToEnd();
        ffmpeg.WaitForExit();
        Assert.True(ffmpeg.ExitCode == 0, error);
    }

    [Fact]
    public async Task From_the_page_notes_art_and_a_stereo_bed_reach_the_feed_and_the_mp3()
    {
        await using var backends = await SharedBackends.StartAsync(_context.Data);
        await using var server = await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, backends.Arguments("--role", "all", "--port", "0"), _context.Environment);
        using var api = new EpisodeBuilderApi(server.ApiUrl!);
        var (wav, _) = await LongRecording.CreateAsync(_context.Inputs, 20);
        var showArt = Path.Combine(_context.Inputs, "show.png");
        var episodeArt = Path.Combine(_context.Inputs, "episode.jpg");
        var bed = Path.Combine(_context.Inputs, "bed.wav");
        Ffmpeg($"-f lavfi -i testsrc2=s=1400x1400 -frames:v 1 -c:v png -f image2 {showArt}");
        Ffmpeg($"-f lavfi -i testsrc2=s=1500x1500 -frames:v 1 -c:v mjpeg -f image2 {episodeArt}");
        Ffmpeg($"-f lavfi -i sine=f=110:d=3 -f lavfi -i sine=f=165:d=3 -filter_complex \"[0:a][1:a]join=inputs=2:channel_layout=stereo\" {bed}");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var problems = Chromium.Problems(page);

        await page.GotoAsync(new Uri(new Uri(server.ApiUrl!, "/"), $"?episode={Episode}").ToString());
        await page.SetInputFilesAsync("#recording", wav);
        await page.FillAsync("#podcast", "controlsshow");
        await page.FillAsync("#notes", "<p>Made <b>on the page</b>.</p><script>alert(1)</script>");
        await page.CheckAsync("#chapters-in-notes");
        await page.SetInputFilesAsync("#episode-art", episodeArt);
        await page.SetInputFilesAsync("#bed", bed);
        await page.FillAsync("#bed-level", "-24");
        await page.ClickAsync("#show summary");
        await page.SetInputFilesAsync("#show-art", showArt);
        await page.UncheckAsync("#review");
        await page.ClickAsync("#start");
        await page.WaitForFunctionAsync("() => document.querySelector('#detail').dataset.status === 'Completed'", null, new() { Timeout = 240_000 });
        Assert.Empty(problems);

        var buildId = await page.EvalOnSelectorAsync<string>("#build-list li.selected", "li => li.dataset.buildId");
        var status = await api.StatusAsync(buildId);
        var episodeKey = status["outputs"]!["episode"]!.GetValue<string>();
        var episodeUrl = status["episodeUrl"]!.GetValue<string>();
        var publicBase = episodeUrl.Split('?')[0];
        publicBase = publicBase[..publicBase.IndexOf(episodeKey, StringComparison.Ordinal)];

        // The feed: the notes as HTML (cleaned) with the chapters, and both pieces of art, published.
        var feed = XDocument.Parse(await Http.GetStringAsync(publicBase + status["outputs"]!["feed"]!.GetValue<string>()));
        XNamespace itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
        XNamespace content = "http://purl.org/rss/1.0/modules/content/";
        var channel = feed.Root!.Element("channel")!;
        var item = Assert.Single(channel.Elements("item"));
        var notes = (string)item.Element(content + "encoded")!;
        Assert.Contains("<b>on the page</b>", notes, StringComparison.Ordinal);
        Assert.DoesNotContain("script", notes, StringComparison.Ordinal);
        Assert.Contains("<p>Chapters</p>", notes, StringComparison.Ordinal);
        foreach (var (art, type) in new[] { ((string)channel.Element(itunes + "image")!.Attribute("href")!, "image/png"), ((string)item.Element(itunes + "image")!.Attribute("href")!, "image/jpeg") })
        {
            using var response = await Http.GetAsync(art);
            Assert.True(response.IsSuccessStatusCode, $"{art}: {(int)response.StatusCode}");
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        }

        // The MP3: stereo because the bed is, with the episode's art as its front cover.
        var mp3 = Path.Combine(_context.Inputs, "episode.mp3");
        await File.WriteAllBytesAsync(mp3, await Http.GetByteArrayAsync(episodeUrl));
        using var probe = Process.Start(new ProcessStartInfo("ffprobe", $"-v error -print_format json -show_streams {mp3}") { RedirectStandardOutput = true })!;
        using var streams = JsonDocument.Parse(await probe.StandardOutput.ReadToEndAsync());
        var all = streams.RootElement.GetProperty("streams").EnumerateArray().ToList();
        Assert.Equal(2, all.Single(s => s.GetProperty("codec_type").GetString() == "audio").GetProperty("channels").GetInt32());
        var cover = all.Single(s => s.GetProperty("codec_type").GetString() == "video");
        Assert.Equal(1, cover.GetProperty("disposition").GetProperty("attached_pic").GetInt32());
        Assert.Equal(1500, cover.GetProperty("width").GetInt32());
    }
}
