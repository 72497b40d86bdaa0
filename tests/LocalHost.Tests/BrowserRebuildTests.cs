using EpisodeBuilder.LocalHostDriver;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace EpisodeBuilder.LocalHost.Tests;

/// <summary>
/// The builds page in Debian's chromium offers Retry on a canceled build and "Rebuild with…" on a completed one, shows
/// which steps the new build reused, and unpublishes the episode once the podcaster confirms.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class BrowserRebuildTests(ITestOutputHelper output) : IDisposable
{
    private const string Episode = "rebuild-ep";
    private readonly ProcessTestContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public async Task From_the_page_a_canceled_build_is_retried_and_a_completed_one_rebuilt_reusing_what_did_not_change()
    {
        await using var backends = await SharedBackends.StartAsync(_context.Data);
        await using var server = await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, backends.Arguments("--role", "all", "--port", "0"), _context.Environment);
        using var api = new EpisodeBuilderApi(server.ApiUrl!);
        var (wav, transcript) = await LongRecording.CreateAsync(_context.Inputs, 40);
        var recording = await api.UploadAsync(wav, "talk.wav", "audio/wav");
        var transcriptKey = await api.UploadAsync(transcript, "talk.json", "application/json");

        // A build canceled once its first steps have finished.
        var canceled = await api.StartBuildAsync(Episode, ProcessTestContext.Request(recording, transcriptKey, "rebuildshow"));
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await api.StatusAsync(canceled))["steps"]!.AsArray().Count(s => s!["status"]!.GetValue<string>() == "Completed") < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the build never finished two steps");
            await Task.Delay(100);
        }

        await api.CancelAsync(canceled);
        Assert.Equal("Canceled", (await api.WaitForEndAsync(canceled, TimeSpan.FromMinutes(1)))["status"]!.GetValue<string>());

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var problems = Chromium.Problems(page);

        // Retry: a new build, selected, that names the one it retries and reuses what that one finished.
        await page.GotoAsync(new Uri(new Uri(server.ApiUrl!, "/"), $"?episode={Episode}&build={canceled}").ToString());
        await page.ClickAsync("#retry-panel:not([hidden]) #retry", new() { Timeout = 30_000 });
        var retried = await SelectedAfterAsync(page, canceled);
        Assert.Contains("retry of", await page.TextContentAsync("#detail-status"), StringComparison.Ordinal);
        var reused = await ReusedStepsAsync(page);
        output.WriteLine("retry reused: " + string.Join(", ", reused));
        Assert.Contains("inspect", reused);
        Assert.DoesNotContain("publish", reused);

        // Rebuild with a segment: only what follows the segment runs again.
        await page.ClickAsync("#rebuild summary");
        await page.FillAsync("#rebuild-segment", "This episode was rebuilt from the page.");
        await page.ClickAsync("#rebuild-start");
        var rebuilt = await SelectedAfterAsync(page, retried);
        reused = await ReusedStepsAsync(page);
        output.WriteLine("rebuild reused: " + string.Join(", ", reused));
        Assert.Equal(["inspect", "transcribe", "plan-edits", "export-snippets"], reused);
        Assert.Contains("generate-segments · Completed", await page.TextContentAsync("#timeline li[data-step=generate-segments]"), StringComparison.Ordinal);

        // Unpublish, confirmed in the browser's dialog: the item leaves the feed and the episode's file is gone.
        var episodeUrl = (await api.StatusAsync(rebuilt))["episodeUrl"]!.GetValue<string>();
        using var http = new HttpClient();
        Assert.True((await http.GetAsync(episodeUrl)).IsSuccessStatusCode);
        string? asked = null;
        page.Dialog += async (_, dialog) =>
        {
            asked = dialog.Message;
            await dialog.AcceptAsync();
        };
        await page.ClickAsync("#episode-panel:not([hidden]) #unpublish", new() { Timeout = 30_000 });
        await page.WaitForFunctionAsync("() => document.querySelector('#build-message').textContent.startsWith('Unpublished:')", null, new() { Timeout = 30_000 });
        Assert.Contains("rebuildshow", asked, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync(episodeUrl)).StatusCode);
        Assert.True(await page.IsHiddenAsync("#episode-panel"));
        Assert.Empty(problems);
    }

    // The build the page selected instead of `previous`, once its detail shows it Completed.
    private static async Task<string> SelectedAfterAsync(IPage page, string previous)
    {
        await page.WaitForFunctionAsync($"() => {{ const li = document.querySelector('#build-list li.selected'); return li && li.dataset.buildId !== '{previous}'; }}", null, new() { Timeout = 30_000 });
        var selected = await page.EvalOnSelectorAsync<string>("#build-list li.selected", "li => li.dataset.buildId");
        var shortId = selected[^8..];
        await page.WaitForFunctionAsync($"() => document.querySelector('#detail').dataset.status === 'Completed' && document.querySelector('#detail-title').textContent.includes('{shortId}')", null, new() { Timeout = 180_000 });
        return selected;
    }

    private static async Task<List<string>> ReusedStepsAsync(IPage page) =>
        [.. await page.EvalOnSelectorAllAsync<string[]>("#timeline li.reused", "items => items.map(li => li.dataset.step)")];
}
