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

    [Fact]
    public async Task The_page_sign_in_refuses_an_authority_msal_would_refuse_and_names_the_setting()
    {
        var environment = _context.Environment;
        environment["Page__SignIn__ClientId"] = "5d0c7a51-3b8e-4f2a-9c61-7e4b2d9f0a13";
        environment["Page__SignIn__Authority"] = "http://login.example.test/tenant";
        environment["Page__SignIn__Scopes__0"] = "api://episode-builder/Episodes.Build";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LocalHostProcess.StartAsync(ProcessTestContext.AppDll, ["--port", "0", "--gcs-port", "0", "--data", _context.Data], environment));

        Assert.Contains("Page:SignIn:Authority must be an https URL when Page:SignIn:ClientId is set, not 'http://login.example.test/tenant'", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _context.Dispose();
}
