using EpisodeBuilder.Activities.Queue;
using EpisodeBuilder.Activities.Tests.Infrastructure;
using EpisodeBuilder.Storage;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.Tests.Queue;

/// <summary>A user's line of builds on the GCS emulator: who runs, who waits and in which order, under racing writers.</summary>
[Collection(StorageCollection.Name)]
public sealed class UserBuildLineTests(StorageFixture fixture) : IAsyncLifetime
{
    private const string User = "dana";
    private TestServices _services = null!;

    public async Task InitializeAsync() => _services = await fixture.CreateServicesAsync();

    public async Task DisposeAsync() => await _services.DisposeAsync();

    private UserBuildLine Line => new(_services.Get<ObjectStore>(), Options.Create(new BuildQueueOptions { MaxRunningPerUser = 2, MaxQueuedPerUser = 3 }), TimeProvider.System);

    private static Task<bool> Live(QueueEntry entry, CancellationToken cancellationToken) => Task.FromResult(true);

    [Fact]
    public async Task Two_run_the_next_three_wait_in_order_and_the_sixth_is_refused_without_a_trace()
    {
        var places = new List<QueuePlace>();
        foreach (var build in new[] { "b1", "b2", "b3", "b4", "b5" })
        {
            places.Add(await Line.JoinAsync(User, build, Live, CancellationToken.None));
        }

        Assert.Equal([0, 0, 1, 2, 3], places.Select(p => p.Position));
        Assert.All(places, p => Assert.True(p.Accepted));

        var refused = await Line.JoinAsync(User, "b6", Live, CancellationToken.None);
        Assert.False(refused.Accepted);
        Assert.Equal(4, refused.Position);
        Assert.Equal(["b1", "b2", "b3", "b4", "b5"], (await Line.ReadAsync(User, CancellationToken.None)).Select(e => e.BuildId));

        // Another user's line is their own.
        Assert.Equal(new QueuePlace(true, 0), await Line.JoinAsync("erin", "e1", Live, CancellationToken.None));
    }

    [Fact]
    public async Task A_waiting_build_runs_once_a_running_one_leaves_and_not_before_an_earlier_waiter()
    {
        foreach (var build in new[] { "b1", "b2", "b3", "b4" })
        {
            await Line.JoinAsync(User, build, Live, CancellationToken.None);
        }

        // The later waiter asks first: it still waits behind b3, even though b1 and b2 have not claimed their places yet.
        Assert.Equal(2, (await Line.TakeTurnAsync(User, "b4", CancellationToken.None)).Position);
        Assert.Equal(0, (await Line.TakeTurnAsync(User, "b2", CancellationToken.None)).Position);
        Assert.Equal(0, (await Line.TakeTurnAsync(User, "b1", CancellationToken.None)).Position);
        Assert.Equal(1, (await Line.TakeTurnAsync(User, "b3", CancellationToken.None)).Position);

        var waiting = await Line.LeaveAsync(User, "b2", CancellationToken.None);
        Assert.Equal(["b3", "b4"], waiting);
        Assert.Equal(1, (await Line.TakeTurnAsync(User, "b4", CancellationToken.None)).Position);
        Assert.Equal(0, (await Line.TakeTurnAsync(User, "b3", CancellationToken.None)).Position);
        Assert.Equal(1, (await Line.TakeTurnAsync(User, "b4", CancellationToken.None)).Position);

        // Leaving twice, or a build the line never held, changes nothing.
        Assert.Equal(["b4"], await Line.LeaveAsync(User, "b2", CancellationToken.None));
        var line = await Line.ReadAsync(User, CancellationToken.None);
        Assert.Equal(["b1", "b3", "b4"], line.Select(e => e.BuildId));
        Assert.Equal([true, true, false], line.Select(e => e.Running));
    }

    [Fact]
    public async Task Ended_builds_are_dropped_when_a_build_joins_and_a_build_missing_from_the_line_joins_at_its_end()
    {
        foreach (var build in new[] { "b1", "b2", "b3" })
        {
            await Line.JoinAsync(User, build, Live, CancellationToken.None);
        }

        var place = await Line.JoinAsync(User, "b4", (entry, _) => Task.FromResult(entry.BuildId != "b1"), CancellationToken.None);
        Assert.Equal(1, place.Position);
        Assert.Equal(["b2", "b3", "b4"], (await Line.ReadAsync(User, CancellationToken.None)).Select(e => e.BuildId));

        Assert.Equal(2, (await Line.TakeTurnAsync(User, "stray", CancellationToken.None)).Position);
        Assert.Equal("stray", (await Line.ReadAsync(User, CancellationToken.None))[^1].BuildId);
    }

    [Fact]
    public async Task Racing_joins_turns_and_leaves_all_land()
    {
        var line = new UserBuildLine(_services.Get<ObjectStore>(), Options.Create(new BuildQueueOptions { MaxRunningPerUser = 3, MaxQueuedPerUser = 100 }), TimeProvider.System);
        var builds = Enumerable.Range(1, 12).Select(i => $"r{i:00}").ToList();

        var places = await Task.WhenAll(builds.Select(b => Task.Run(() => line.JoinAsync(User, b, Live, CancellationToken.None))));
        Assert.All(places, p => Assert.True(p.Accepted));
        Assert.Equal(Enumerable.Range(1, 9), places.Select(p => p.Position).Where(p => p > 0).Order());
        Assert.Equal(12, (await line.ReadAsync(User, CancellationToken.None)).Count);

        var turns = await Task.WhenAll(builds.Select(b => Task.Run(() => line.TakeTurnAsync(User, b, CancellationToken.None))));
        Assert.Equal(3, turns.Count(t => t.Position == 0));
        await Task.WhenAll(builds.Take(6).Select(b => Task.Run(() => line.LeaveAsync(User, b, CancellationToken.None))));
        Assert.Equal(builds.Skip(6), (await line.ReadAsync(User, CancellationToken.None)).Select(e => e.BuildId).Order(StringComparer.Ordinal));
    }
}
