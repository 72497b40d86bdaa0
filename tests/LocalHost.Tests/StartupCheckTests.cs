using EpisodeBuilder.LocalHostDriver;

namespace EpisodeBuilder.LocalHost.Tests;

/// <summary>The app refuses to start where a build could not run, naming what to fix.</summary>
[Collection(ProcessCollection.Name)]
public sealed class StartupCheckTests : IDisposable
{
    private readonly ProcessTestContext _context = new();

    [Fact]
    public async Task The_app_does_not_start_without_pocketsphinx_and_names_the_setting()
    {
        var environment = _context.Environment;
        environment["Media__PocketSphinxPath"] = "/usr/bin/pocketsphinx-not-installed";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LocalHostProcess.StartAsync(ProcessTestContext.AppDll, ["--port", "0", "--gcs-port", "0", "--data", _context.Data], environment));

        Assert.Contains("Media:PocketSphinxPath '/usr/bin/pocketsphinx-not-installed' is neither an executable file nor on PATH (Debian package pocketsphinx)", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _context.Dispose();
}
