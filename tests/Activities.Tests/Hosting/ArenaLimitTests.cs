using System.ComponentModel.DataAnnotations;
using EpisodeBuilder.Activities.Builds;
using EpisodeBuilder.Activities.Hosting;
using Microsoft.Extensions.Configuration;

namespace EpisodeBuilder.Activities.Tests.Hosting;

/// <summary>
/// How <c>Builds:NativeHeapArenas</c> becomes the C library's arena cap at start-up: the default caps at 2, 0 leaves
/// glibc's own limit, <c>MALLOC_ARENA_MAX</c> wins, and a bad value is refused by the options' validation. (That a
/// capped process keeps its arena count through a build is measured on a local host process in
/// <c>NativeHeapArenaTests</c>.) Runs in the native-heap collection: it changes the test process's arena cap.
/// </summary>
[Collection(NativeHeapCollection.Name)]
public sealed class ArenaLimitTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void With_no_setting_the_arenas_are_capped_at_the_default_of_two()
    {
        var result = ArenaLimit.Apply(Configuration(null), NoEnvironment);

        Assert.Equal(ArenaLimitOutcome.Limited, result.Outcome);
        Assert.Equal(2, result.Limit);
        Assert.Same(result, ArenaLimit.Applied);
        Assert.StartsWith("native heap limited to 2 malloc arenas (", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_cap_is_the_one_applied()
    {
        var result = ArenaLimit.Apply(Configuration("4"), NoEnvironment);

        Assert.Equal(ArenaLimitOutcome.Limited, result.Outcome);
        Assert.Equal(4, result.Limit);
    }

    [Fact]
    public void Zero_leaves_the_C_library_its_own_limit()
    {
        var result = ArenaLimit.Apply(Configuration("0"), NoEnvironment);

        Assert.Equal(ArenaLimitOutcome.Off, result.Outcome);
        Assert.Null(result.Limit);
    }

    [Fact]
    public void MALLOC_ARENA_MAX_in_the_environment_wins_over_the_setting()
    {
        var result = ArenaLimit.Apply(Configuration("2"), name => name == "MALLOC_ARENA_MAX" ? "4" : null);

        Assert.Equal(ArenaLimitOutcome.LeftToEnvironment, result.Outcome);
        Assert.Equal("native heap arenas left to MALLOC_ARENA_MAX=4", result.Describe());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("two")]
    [InlineData("1025")]
    public void A_setting_that_is_not_a_whole_number_in_range_caps_nothing_and_fails_validation(string value)
    {
        var result = ArenaLimit.Apply(Configuration(value), NoEnvironment);

        Assert.Equal(ArenaLimitOutcome.Invalid, result.Outcome);
        Assert.Contains($"Builds:NativeHeapArenas={value}", result.Describe(), StringComparison.Ordinal);
        if (int.TryParse(value, out var number))
        {
            var options = new BuildOptions { NativeHeapArenas = number };
            var errors = new List<ValidationResult>();
            Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
            Assert.Contains(errors, e => e.ErrorMessage!.StartsWith("Builds:NativeHeapArenas must be a whole number", StringComparison.Ordinal));
        }
    }

    private static IConfiguration Configuration(string? arenas) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(arenas is null ? [] : [new KeyValuePair<string, string?>("Builds:NativeHeapArenas", arenas)])
            .Build();
}
