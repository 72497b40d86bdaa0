using EpisodeBuilder.Api.Hosting;
using EpisodeBuilder.Orchestration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.Tests.Orchestration;

public sealed class BuildOptionsCheckTests
{
    private static BuildOptions Read(Dictionary<string, string?> settings)
    {
        settings["Storage:Bucket"] = "episodes-test";
        settings["STORAGE_EMULATOR_HOST"] = "http://127.0.0.1:1";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddEpisodeBuilder(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<BuildOptions>>().Value;
    }

    [Fact]
    public void A_review_that_could_outlast_the_intermediates_it_reads_stops_the_app_naming_both_settings()
    {
        var refusal = Assert.Throws<OptionsValidationException>(() => Read(new() { ["Builds:ReviewDeadline"] = "14.00:00:00", ["Storage:IntermediateRetentionDays"] = "14" }));

        Assert.Contains("Builds:ReviewDeadline", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:IntermediateRetentionDays", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_and_a_longer_retention_start()
    {
        Assert.Equal(TimeSpan.FromDays(7), Read([]).ReviewDeadline);
        Assert.Equal(TimeSpan.FromDays(60), Read(new() { ["Builds:ReviewDeadline"] = "60.00:00:00", ["Storage:IntermediateRetentionDays"] = "90" }).ReviewDeadline);
    }
}
