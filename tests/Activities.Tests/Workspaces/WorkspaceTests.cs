using System.Diagnostics;
using EpisodeBuilder.Storage.Workspaces;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.Tests.Workspaces;

public sealed class WorkspaceTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ws-tests-" + Guid.NewGuid().ToString("N"));
    private readonly WorkspaceFactory _factory;

    public WorkspaceTests() =>
        _factory = new WorkspaceFactory(Options.Create(new WorkspaceOptions { Root = _root }), TimeProvider.System, NullLogger<WorkspaceFactory>.Instance);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private int Remaining() => Directory.Exists(_root) ? Directory.GetDirectories(_root).Length : 0;

    [Theory]
    [InlineData("/tmp/with space/and 'quotes'", true)]
    [InlineData("/tmp/with \"double\" quotes", false)]
    public void A_root_may_hold_spaces_but_not_a_double_quote(string root, bool valid)
    {
        var errors = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var options = new WorkspaceOptions { Root = root };
        var ok = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), errors, validateAllProperties: true);

        Assert.Equal(valid, ok);
        Assert.All(errors, e => Assert.StartsWith("Workspace:Root must not contain a double quote", e.ErrorMessage, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Workspace_is_removed_after_success()
    {
        await using (var ws = _factory.Create("Encode"))
        {
            await File.WriteAllTextAsync(ws.PathFor("out.wav"), "data");
            Assert.Equal(1, Remaining());
        }

        Assert.Equal(0, Remaining());
    }

    [Fact]
    public async Task Workspace_is_removed_after_failure()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var ws = _factory.Create("Encode");
            await File.WriteAllTextAsync(ws.PathFor("partial.wav"), "data");
            throw new InvalidOperationException("ffmpeg failed");
        });

        Assert.Equal(0, Remaining());
    }

    [Fact]
    public async Task Workspace_is_removed_after_cancellation()
    {
        using var cts = new CancellationTokenSource();
        var work = Task.Run(async () =>
        {
            await using var ws = _factory.Create("Transcribe");
            await File.WriteAllTextAsync(ws.PathFor("audio.wav"), "data", cts.Token);
            await Task.Delay(Timeout.Infinite, cts.Token);
        });
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => work);
        Assert.Equal(0, Remaining());
    }

    [Fact]
    public void Sweep_removes_workspaces_of_dead_processes_and_keeps_live_ones()
    {
        using var ended = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        ended.WaitForExit();
        var dead = Path.Combine(_root, $"Merge-{ended.Id}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dead);
        File.WriteAllText(Path.Combine(dead, "left-behind.wav"), "x");
        using var live = _factory.Create("Merge");

        var swept = _factory.SweepStale();

        Assert.Equal(1, swept);
        Assert.False(Directory.Exists(dead));
        Assert.True(Directory.Exists(live.Directory));
    }

    [Theory]
    [InlineData("../escape.wav")]
    [InlineData("sub/dir.wav")]
    [InlineData("..")]
    public void File_names_cannot_leave_the_workspace(string name)
    {
        using var ws = _factory.Create("Any");
        Assert.Throws<ArgumentException>(() => ws.PathFor(name));
    }
}
