using System.Globalization;
using EpisodeBuilder.LocalHostDriver;
using Microsoft.Playwright;

namespace EpisodeBuilder.LocalHost.Tests;

/// <summary>The builds page in Debian's chromium schedules a build's publish time, shows it while the build waits, and cancels it.</summary>
[Collection(ProcessCollection.Name)]
public sealed class BrowserScheduleTests : IDisposable
{
    private const string Episode = "schedule-ep";
    private readonly ProcessTestContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public async Task From_the_page_a_build_is_scheduled_shows_its_time_while_it_waits_and_is_canceled_publishing_nothing()
    {
        await using var backends = await SharedBackends.StartAsync(_context.Data);
        await using var server = await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, backends.Arguments("--role", "all", "--port", "0"), _context.Environment);
        using var api = new EpisodeBuilderApi(server.ApiUrl!);
        var (wav, _) = await LongRecording.CreateAsync(_context.Inputs, 20);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new() { TimezoneId = "Europe/Paris" });
        var page = await context.NewPageAsync();
        var problems = Chromium.Problems(page);

        // Two days ahead, in the browser's own time zone (Paris): the API gets the same moment in UTC.
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow.AddDays(2), paris);
        local = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
        var expected = TimeZoneInfo.ConvertTimeToUtc(local, paris);

        await page.GotoAsync(new Uri(new Uri(server.ApiUrl!, "/"), $"?episode={Episode}").ToString());
        await page.SetInputFilesAsync("#recording", wav);
        await page.FillAsync("#podcast", "scheduleshow");
        await page.FillAsync("#publish-at", local.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await page.UncheckAsync("#review");
        await page.ClickAsync("#start");
        await page.WaitForFunctionAsync("() => document.querySelector('#detail').dataset.status === 'Scheduled'", null, new() { Timeout = 240_000 });
        Assert.StartsWith("Scheduled for", await page.TextContentAsync("#detail-status .state"), StringComparison.Ordinal);

        var buildId = await page.EvalOnSelectorAsync<string>("#build-list li.selected", "li => li.dataset.buildId");
        var status = await api.StatusAsync(buildId);
        Assert.Equal(expected, DateTime.SpecifyKind(status["outputs"]!["scheduledFor"]!.GetValue<DateTime>(), DateTimeKind.Utc));

        await page.ClickAsync("#cancel-panel:not([hidden]) #cancel");
        var ended = await api.WaitForEndAsync(buildId, TimeSpan.FromMinutes(1));
        Assert.Equal("Canceled", ended["status"]!.GetValue<string>());
        Assert.Null(ended["outputs"]!["episode"]);
        await page.WaitForFunctionAsync("() => document.querySelector('#detail').dataset.status === 'Canceled'", null, new() { Timeout = 30_000 });
        Assert.Empty(problems);
    }
}
