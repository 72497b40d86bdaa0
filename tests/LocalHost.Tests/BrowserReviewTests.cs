using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EpisodeBuilder.DurableEngine;
using EpisodeBuilder.GcsEmulator;
using EpisodeBuilder.LocalHostDriver;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Samples;
using EpisodeBuilder.Media;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace EpisodeBuilder.LocalHost.Tests;

/// <summary>
/// The builds page in Debian's chromium (driven by Playwright), served by two app instances in separate processes that share
/// Azurite and the GCS emulator, behind a front that sends each request to the other instance in turn: the "waveform bug"
/// (a file made on one instance, asked for on another) as a test.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class BrowserReviewTests(ITestOutputHelper output) : IDisposable
{
    private const string Episode = "browser-ep";
    private readonly ProcessTestContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public async Task Through_the_page_on_two_alternating_instances_a_reviewed_build_is_drawn_played_amended_and_published()
    {
        await using var backends = await SharedBackends.StartAsync(_context.Data);
        var gcs = backends.Gcs;
        string[] Instance(string id) => backends.Arguments("--role", "all", "--port", "0", "--worker-id", id);
        await using var first = await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, Instance("i1"), _context.Environment);
        await using var second = await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, Instance("i2"), _context.Environment);
        await using var front = await AlternatingFront.StartAsync([first.ApiUrl!, second.ApiUrl!]);
        var recording = await GenerateRecordingAsync();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium.ExecutablePath(),
            Headless = true,
            Args = ["--no-sandbox", "--autoplay-policy=no-user-gesture-required"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add("console: " + message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add("page error: " + error);
        page.RequestFailed += (_, request) =>
        {
            // A media element cancels its own range requests when it seeks or has buffered enough: that is not a failure.
            if (request.ResourceType == "media" && request.Failure == "net::ERR_ABORTED")
            {
                output.WriteLine($"media request aborted by the player: {request.Url}");
                return;
            }

            problems.Add($"request failed: {request.Method} {request.Url} {request.Failure}");
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems.Add($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
            }
        };

        // Upload the recording from the page (straight to GCS with the signed URL) and start a build with review.
        await page.GotoAsync(new Uri(front.Url, $"?episode={Episode}").ToString());
        await page.SetInputFilesAsync("#recording", recording);
        await page.FillAsync("#title", "Reviewed in a browser");
        await page.CheckAsync("#review");
        await page.ClickAsync("#start");

        // The review: the recording's waveform with one region per planned cut.
        await page.WaitForSelectorAsync("#review-panel:not([hidden])", new() { Timeout = 240_000 });
        var buildId = await page.EvalOnSelectorAsync<string>("#build-list li.selected", "li => li.dataset.buildId");
        using var api = new HttpClient { BaseAddress = front.Url };
        var review = JsonNode.Parse(await api.GetStringAsync($"api/builds/{buildId}/review"))!;
        var cuts = review["cuts"]!.AsArray();
        Assert.True(cuts.Count >= 3, review.ToJsonString());
        var confirmed = cuts.Count(c => c!["confidence"]!.GetValue<string>() == "confirmed");
        var suggested = cuts.Where(c => c!["confidence"]!.GetValue<string>() == "suggested").Select(c => c!["id"]!.GetValue<string>()).ToList();
        await page.WaitForFunctionAsync($"() => document.querySelectorAll('#cuts tbody tr').length === {confirmed} && document.querySelectorAll('#suggestions tbody tr').length === {suggested.Count}");
        Assert.Equal(cuts.Count, await page.Locator("#review-waveform [data-cut]").CountAsync());

        // Suggestions are drawn apart and listed apart, none ticked: only what the owner ticks is applied.
        Assert.Equal(suggested.Count, await page.Locator("#review-waveform [data-confidence=suggested].suggested").CountAsync());
        Assert.True(await page.IsVisibleAsync("#suggestions-panel") == suggested.Count > 0);
        foreach (var id in suggested)
        {
            Assert.False(await page.IsCheckedAsync($"#suggestions input[value={id}]"));
        }
        await page.WaitForFunctionAsync(NonBlankCanvas("#review-waveform"), null, new() { Timeout = 15_000 });
        var shot = Path.Combine(AppContext.BaseDirectory, "screenshots", "review-view.png");
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        output.WriteLine("review view: " + shot);

        // Clicking the flubber region plays it from the recording's signed URL, straight from GCS.
        var flubber = cuts.Single(c => c!["reason"]!.GetValue<string>() == "flubber")!;
        var flubberStart = flubber["start"]!.GetValue<double>();
        await page.Locator("#review-waveform [data-reason=flubber]").ClickAsync();
        await page.WaitForFunctionAsync($"() => {{ const a = document.querySelector('#review-audio'); return !a.paused && a.currentTime > {(flubberStart + 0.2).ToString(CultureInfo.InvariantCulture)}; }}", null, new() { Timeout = 15_000 });

        // Every cut says what it rests on. Keep the flubber cut if it is confirmed (its retake stays in) and apply the first
        // suggestion (PocketSphinx's unsure words give some), approve, and wait for the episode.
        Assert.Contains(flubber["evidence"]!.AsArray(), e => e!["signal"]!.GetValue<string>() == "keyword");
        Assert.NotEmpty(suggested);
        var flubberConfirmed = flubber["confidence"]!.GetValue<string>() == "confirmed";
        if (flubberConfirmed)
        {
            await page.CheckAsync($"#cuts input[value={flubber["id"]!.GetValue<string>()}]");
        }

        var appliedSuggestion = cuts.Single(c => c!["id"]!.GetValue<string>() == suggested[0])!;
        var appliedStart = appliedSuggestion["start"]!.GetValue<double>();
        await page.CheckAsync($"#suggestions input[value={suggested[0]}]");
        await page.ClickAsync("#approve");
        await page.WaitForSelectorAsync("#episode-panel:not([hidden])", new() { Timeout = 240_000 });
        await page.WaitForFunctionAsync(NonBlankCanvas("#episode-waveform"), null, new() { Timeout = 15_000 });
        await page.EvalOnSelectorAsync("#episode-audio", "a => a.play()");
        await page.WaitForFunctionAsync("() => { const a = document.querySelector('#episode-audio'); return !a.paused && a.currentTime > 0.3; }", null, new() { Timeout = 15_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetDirectoryName(shot)!, "completed-view.png"), FullPage = true });

        // The episode lasts the recording minus the cuts still applied.
        var status = JsonNode.Parse(await api.GetStringAsync($"api/builds/{buildId}"))!;
        Assert.Equal("Completed", status["status"]!.GetValue<string>());
        using var reader = new GcsObjects(gcs.BaseUri);
        var plan = JsonNode.Parse((await reader.GetAsync(status["outputs"]!["reviewedPlan"]!.GetValue<string>()))!)!;
        var applied = plan["cuts"]!.AsArray().Select(c => new TimeRange(c!["start"]!.GetValue<double>(), c["end"]!.GetValue<double>())).ToList();
        Assert.Equal(confirmed - (flubberConfirmed ? 1 : 0) + 1, applied.Count);
        Assert.Contains(applied, c => Math.Abs(c.Start - appliedStart) < 1e-6);
        if (flubberConfirmed)
        {
            Assert.DoesNotContain(applied, c => Math.Abs(c.Start - flubberStart) < 1e-6);
        }
        var removed = TimeRange.Merge(applied).Sum(c => c.Duration);
        var mp3 = Path.Combine(_context.Inputs, "episode.mp3");
        using var published = new GcsObjects(gcs.BaseUri, GcsObjects.PublicBucket);
        await File.WriteAllBytesAsync(mp3, (await published.GetAsync(status["outputs"]!["episode"]!.GetValue<string>()))!);
        var episodeSeconds = await FfprobeDurationAsync(mp3);
        var expected = await FfprobeDurationAsync(recording) - removed;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"episode {episodeSeconds:0.000} s, recording minus applied cuts {expected:0.000} s"));
        Assert.InRange(episodeSeconds, expected - 0.2, expected + 0.2);

        // Approving again is a conflict; someone else approving is told the build does not exist.
        Assert.Equal(409, await ApproveAsync(api, buildId, user: null));
        Assert.Equal(404, await ApproveAsync(api, buildId, user: "mallory"));

        // Both instances served the page and the API, alternately; the page logged no error and no request failed.
        var forwarded = front.Forwarded.ToList();
        Assert.All(new[] { 0, 1 }, i => Assert.Contains(forwarded, f => f.Instance == i && f.Path.StartsWith("/api/builds/", StringComparison.Ordinal)));
        Assert.Contains(forwarded, f => f.Path == "/api/uploads");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static string NonBlankCanvas(string container) =>
        $$"""
        () => {
          const host = document.querySelector('{{container}}').firstElementChild;
          const canvases = host?.shadowRoot ? [...host.shadowRoot.querySelectorAll('canvas')] : [];
          return canvases.some(c => {
            if (!c.width || !c.height) return false;
            const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
            return false;
          });
        }
        """;

    private static async Task<int> ApproveAsync(HttpClient api, string buildId, string? user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/builds/{buildId}/review") { Content = JsonContent.Create(new { keep = Array.Empty<string>(), approve = true }) };
        if (user is not null)
        {
            request.Headers.Add("X-User-Id", user);
        }

        using var response = await api.SendAsync(request);
        return (int)response.StatusCode;
    }

    private async Task<string> GenerateRecordingAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection().Build();
        await using var services = new ServiceCollection().AddLogging().AddEpisodeMedia(configuration).AddSampleRecordings().BuildServiceProvider();
        var phrases = SampleRecordingGenerator.FlubberScript.Select((p, i) => new SamplePhrase(p, i == 0 ? 2.5 : SampleRecordingGenerator.PhrasePauseSeconds)).ToList();
        var recording = await services.GetRequiredService<SampleRecordingGenerator>().GenerateAsync(phrases, Path.Combine(_context.Inputs, "flubber-intern.wav"), _context.Inputs, CancellationToken.None);
        return recording.WavPath;
    }

    private static async Task<double> FfprobeDurationAsync(string path)
    {
        var info = new ProcessStartInfo("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return double.Parse(text.Trim(), CultureInfo.InvariantCulture);
    }
}
