using System.Diagnostics;
using System.Globalization;
using EpisodeBuilder.Media.Ffmpeg;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EpisodeBuilder.Media.Tests;

/// <summary>The media toolkit wired as production wires it, and helpers that make real audio with FFmpeg.</summary>
public sealed class MediaFixture : IDisposable
{
    public MediaFixture()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection().Build();
        Services = new ServiceCollection().AddLogging().AddEpisodeMedia(configuration).AddSampleRecordings().BuildServiceProvider();
    }

    public ServiceProvider Services { get; }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Runs ffmpeg directly to make test inputs (lavfi sources), never to check results.</summary>
    public static void Ffmpeg(string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("ffmpeg", "-v error -y " + arguments) { RedirectStandardError = true, UseShellExecute = false })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
    }

    public static string Tone(string directory, string name, double seconds, int frequency = 440, double volume = 0.5)
    {
        var path = Path.Combine(directory, name);
        Ffmpeg(string.Create(CultureInfo.InvariantCulture, $"-f lavfi -i sine=f={frequency}:d={seconds}:r=44100 -af volume={volume} -ac 1 {path}"));
        return path;
    }

    /// <summary>Measures a file with the toolkit's own probe (duration) and loudness meter.</summary>
    public Task<double> DurationAsync(string path) => Get<AudioInspector>().DurationAsync(path, CancellationToken.None);

    public void Dispose() => Services.Dispose();
}

/// <summary>A temp directory per test, deleted afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("media-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
