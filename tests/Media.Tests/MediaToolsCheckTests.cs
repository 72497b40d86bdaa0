using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Media.Tests;

/// <summary>The app will not start without a tool a build runs, and says which setting and package to fix.</summary>
public sealed class MediaToolsCheckTests
{
    [Fact]
    public void The_installed_tools_pass()
    {
        using var services = Services(new());

        Assert.Equal("/usr/bin", services.GetRequiredService<IOptions<MediaOptions>>().Value.FfmpegFolder);
    }

    [Theory]
    [InlineData("Media:FfmpegFolder", "/opt/nothing-here", "has no ffmpeg (Debian package ffmpeg)")]
    [InlineData("Media:EspeakPath", "espeak-ng-missing", "'espeak-ng-missing' is neither an executable file nor on PATH (Debian package espeak-ng)")]
    [InlineData("Media:PocketSphinxPath", "/usr/bin/no-pocketsphinx", "(Debian package pocketsphinx)")]
    [InlineData("Transcription:DictionaryPath", "/usr/share/pocketsphinx/model/none.dict", "PocketSphinx's English model is missing (Debian package pocketsphinx-en-us)")]
    public void A_missing_tool_stops_the_app_naming_its_setting_and_package(string setting, string value, string expected)
    {
        using var services = Services(new() { [setting] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MediaOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith(setting, StringComparison.Ordinal) && f.Contains(expected, StringComparison.Ordinal));
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddLogging().AddEpisodeMedia(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();
}
