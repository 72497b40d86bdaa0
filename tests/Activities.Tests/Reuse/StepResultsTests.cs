using EpisodeBuilder.Activities.CleanAudio;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.Reuse;
using EpisodeBuilder.Activities.Tests.Infrastructure;
using EpisodeBuilder.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace EpisodeBuilder.Activities.Tests.Reuse;

/// <summary>
/// What a step's reuse key is made of, against the emulator: the bytes of the objects it reads (not their names), its input
/// values, its code version, its settings and its owner. A change that should rerun a step and does not is the worst bug
/// reuse can have, so each is changed alone.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class StepResultsTests(StorageFixture storage) : IAsyncLifetime
{
    private TestServices _services = null!;

    public async Task InitializeAsync() => _services = await storage.CreateServicesAsync();

    public async Task DisposeAsync() => await _services.DisposeAsync();

    private ObjectStore Store => _services.Get<ObjectStore>();

    private StepResults Results => new(Store, NullLogger<StepResults>.Instance);

    private sealed record Step(int Version, object? Settings) : IReusableActivity;

    private static readonly Step Clean = new(1, new { Bitrate = 128 });

    [Fact]
    public async Task The_same_bytes_under_another_builds_names_give_the_same_key()
    {
        var (a, b) = (Build("alice", "b1"), Build("alice", "b2"));
        var first = await InputAsync(a, "audio", "plan");
        var second = await InputAsync(b, "audio", "plan");
        Assert.NotEqual(first.AudioKey, second.AudioKey);
        Assert.Equal(await Results.KeyAsync("CleanAudio", Clean, first, default), await Results.KeyAsync("CleanAudio", Clean, second, default));
    }

    [Fact]
    public async Task A_changed_byte_a_new_code_version_new_settings_or_another_owner_each_change_the_key()
    {
        var input = await InputAsync(Build("alice", "b1"), "audio", "plan");
        var key = await Results.KeyAsync("CleanAudio", Clean, input, default);

        var changedPlan = await InputAsync(Build("alice", "b2"), "audio", "plan!");
        Assert.NotEqual(key, await Results.KeyAsync("CleanAudio", Clean, changedPlan, default));
        Assert.NotEqual(key, await Results.KeyAsync("CleanAudio", Clean with { Version = 2 }, input, default));
        Assert.NotEqual(key, await Results.KeyAsync("CleanAudio", Clean with { Settings = new { Bitrate = 96 } }, input, default));
        Assert.NotEqual(key, await Results.KeyAsync("EncodeEpisode", Clean, input, default));
        var bob = await InputAsync(Build("bob", "b1"), "audio", "plan");
        Assert.NotEqual(key, await Results.KeyAsync("CleanAudio", Clean, bob, default));
    }

    [Fact]
    public async Task A_kept_result_is_found_until_an_object_it_names_is_gone()
    {
        var build = Build("alice", "b1");
        var input = await InputAsync(build, "audio", "plan");
        var key = await Results.KeyAsync("CleanAudio", Clean, input, default);
        Assert.Null(await Results.FindAsync("alice", "CleanAudio", key, default));

        var output = new CleanAudioOutput(build.Cleaned(), 1.5, 2, build.File("clock.json"));
        await Store.WriteTextAsync(output.CleanedKey, "cleaned", "audio/wav", WriteCondition.Overwrite, default);
        await Store.WriteTextAsync(output.ClockKey, "{}", "application/json", WriteCondition.Overwrite, default);
        await Results.RememberAsync("alice", "CleanAudio", key, output, default);
        Assert.Contains(build.Cleaned(), await Results.FindAsync("alice", "CleanAudio", key, default), StringComparison.Ordinal);
        Assert.Null(await Results.FindAsync("bob", "CleanAudio", key, default));

        await Store.DeleteAsync(output.CleanedKey, null, default);
        Assert.Null(await Results.FindAsync("alice", "CleanAudio", key, default));
    }

    private static BuildRef Build(string user, string id) => new(user, "ep1", $"{user}.ep1.{id}");

    private async Task<CleanAudioInput> InputAsync(BuildRef build, string audio, string plan)
    {
        var input = new CleanAudioInput(build, build.File("source.wav"), build.File("plan.json"));
        await Store.WriteTextAsync(input.AudioKey, audio, "audio/wav", WriteCondition.Overwrite, default);
        await Store.WriteTextAsync(input.PlanKey, plan, "application/json", WriteCondition.Overwrite, default);
        return input;
    }
}
