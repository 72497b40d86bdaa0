using System.Globalization;
using System.Text.RegularExpressions;
using EpisodeBuilder.Activities.Hosting;
using Xunit.Abstractions;

namespace EpisodeBuilder.LocalHost.Tests;

/// <summary>
/// The local host caps glibc's malloc arenas as it starts (<c>Builds:NativeHeapArenas</c>, default 2), so a build's
/// threads share the arenas that existed before the cap instead of each growing its own; with the cap off the same
/// build leaves the process with many more. Arenas are counted in the process's <c>/proc/&lt;pid&gt;/maps</c>.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed partial class NativeHeapArenaTests(ITestOutputHelper output) : IDisposable
{
    private readonly ProcessTestContext _context = new();

    [Fact]
    public async Task The_local_host_caps_malloc_arenas_at_start_up_so_a_build_adds_none()
    {
        await using var backends = await SharedBackends.StartAsync(_context.Data);
        var capped = await BuildAndCountArenasAsync(backends, "capped", arenasSetting: null);
        var uncapped = await BuildAndCountArenasAsync(backends, "uncapped", arenasSetting: "0");
        output.WriteLine($"capped at 2: {capped.Before} thread arenas at start-up, {capped.After} after a build; uncapped: {uncapped.After} after the same build");

        Assert.NotNull(capped.Before);

        // One over the start-up count is allowed: a runtime thread may be making its arena while the cap is set.
        Assert.True(capped.After <= capped.Before + 1, $"{capped.After} thread arenas after the build, {capped.Before} when the cap was set");
        Assert.Null(uncapped.Before);
        Assert.True(uncapped.After >= capped.After + 4, $"the uncapped process has {uncapped.After} thread arenas, the capped one {capped.After}");
    }

    /// <summary>Starts a local host, runs one build on it, and counts its thread arenas; Before is what its start-up log says existed when the cap was set (null: no cap).</summary>
    private async Task<(int? Before, int After)> BuildAndCountArenasAsync(SharedBackends backends, string name, string? arenasSetting)
    {
        var environment = _context.Environment;
        if (arenasSetting is not null)
        {
            environment["Builds__NativeHeapArenas"] = arenasSetting;
        }

        await using var host = await LocalHostProcess.StartAsync(backends.Arguments("--port", "0", "--worker-id", name), environment);
        using var client = new BuildApi(host.ApiUrl!);
        var (wav, transcript) = await LongRecording.CreateAsync(_context.Inputs, 60);
        var recording = await client.UploadAsync(wav, $"{name}.wav", "audio/wav");
        var transcriptKey = await client.UploadAsync(transcript, $"{name}.json", "application/json");
        var buildId = await client.StartAsync(name, ProcessTestContext.Request(recording, transcriptKey, $"{name}show"));
        var done = await client.WaitForEndAsync(buildId, TimeSpan.FromMinutes(3));
        Assert.True(done["status"]!.GetValue<string>() == "Completed", done.ToJsonString());

        var after = NativeHeap.ThreadArenas($"/proc/{host.Pid}/maps") ?? throw new InvalidOperationException("no /proc");
        var limited = LimitedLine().Match(host.Output);
        if (arenasSetting == "0")
        {
            Assert.Contains("native heap arenas left to the C library (Builds:NativeHeapArenas=0)", host.Output, StringComparison.Ordinal);
        }

        return (limited.Success ? int.Parse(limited.Groups["before"].Value, CultureInfo.InvariantCulture) : null, after);
    }

    [GeneratedRegex(@"native heap limited to 2 malloc arenas \((?<before>\d+) thread arenas existed before\)")]
    private static partial Regex LimitedLine();

    public void Dispose() => _context.Dispose();
}
