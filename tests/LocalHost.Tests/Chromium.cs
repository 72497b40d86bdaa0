using Microsoft.Playwright;

namespace EpisodeBuilder.LocalHost.Tests;

/// <summary>Debian's chromium, which Playwright drives through <c>ExecutablePath</c> (no browser download exists here).</summary>
internal static class Chromium
{
    public static string ExecutablePath() =>
        new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p))
        ?? throw new InvalidOperationException("Debian's chromium is not installed (script/bootstrap installs it).");

    /// <summary>Debian's chromium, headless.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new() { ExecutablePath = ExecutablePath(), Headless = true, Args = ["--no-sandbox"] });

    /// <summary>What goes wrong on a page from now on: its script errors and every answer of 400 or more, as lines a test can assert empty.</summary>
    public static List<string> Problems(IPage page)
    {
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add("page error: " + error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems.Add($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
            }
        };
        return problems;
    }
}
