namespace EpisodeBuilder.LocalHost.Tests;

/// <summary>Debian's chromium, which Playwright drives through <c>ExecutablePath</c> (no browser download exists here).</summary>
internal static class Chromium
{
    public static string ExecutablePath() =>
        new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p))
        ?? throw new InvalidOperationException("Debian's chromium is not installed (script/bootstrap installs it).");
}
