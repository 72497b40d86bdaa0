using System.Net;
using EpisodeBuilder.Activities.Tests.Infrastructure;
using EpisodeBuilder.Storage;
using Google.Cloud.Storage.V1;

namespace EpisodeBuilder.Activities.Tests.Storage;

[Collection(StorageCollection.Name)]
public sealed class BucketSetupTests(StorageFixture fixture)
{
    [Fact]
    public async Task Setup_applied_twice_changes_nothing_the_second_time()
    {
        await using var services = await fixture.CreateServicesAsync();
        var setup = services.Get<BucketSetup>();

        var again = await setup.EnsureAsync(createIfMissing: true, CancellationToken.None);

        Assert.False(again.Created);
        Assert.False(again.Updated);
        var bucket = await services.Get<StorageClient>().GetBucketAsync(services.Bucket);
        Assert.Equal(3, bucket.Lifecycle.Rule.Count);
        Assert.All(bucket.Lifecycle.Rule, r => Assert.Equal("Delete", r.Action.Type));
        var snippets = Assert.Single(bucket.Lifecycle.Rule, r => r.Condition.MatchesPrefix?.SequenceEqual(["intern_snippets/"]) == true);
        Assert.Equal(7, snippets.Condition.Age);
        var intermediates = Assert.Single(bucket.Lifecycle.Rule, r => r.Condition.MatchesPrefix?.SequenceEqual(["builds/"]) == true);
        Assert.Equal(30, intermediates.Condition.Age);
        // Whatever carries a retirement date (a superseded published file, an abandoned upload) goes once it has passed.
        Assert.Equal(0, Assert.Single(bucket.Lifecycle.Rule, r => r.Condition.DaysSinceCustomTime is not null).Condition.DaysSinceCustomTime);
        Assert.Contains("GET", Assert.Single(bucket.Cors).Method);
    }

    [Fact]
    public async Task Setup_keeps_the_operators_lifecycle_rules_and_replaces_only_its_own()
    {
        await using var services = await fixture.CreateServicesAsync();
        var client = services.Get<StorageClient>();
        var bucket = await client.GetBucketAsync(services.Bucket);
        var operatorRule = new Google.Apis.Storage.v1.Data.Bucket.LifecycleData.RuleData
        {
            Action = new() { Type = "SetStorageClass", StorageClass = "COLDLINE" },
            Condition = new() { Age = 90, MatchesPrefix = ["archive/"] },
        };
        var operatorAge = new Google.Apis.Storage.v1.Data.Bucket.LifecycleData.RuleData
        {
            Action = new() { Type = "Delete" },
            Condition = new() { Age = 365, MatchesPrefix = ["alice/"] },
        };
        // A rule of the product's kind as an earlier setup wrote it (days counted from the custom time).
        var earlier = new Google.Apis.Storage.v1.Data.Bucket.LifecycleData.RuleData
        {
            Action = new() { Type = "Delete" },
            Condition = new() { DaysSinceCustomTime = 7 },
        };
        bucket.Lifecycle.Rule = [.. bucket.Lifecycle.Rule.Where(r => r.Condition.DaysSinceCustomTime is null), operatorRule, operatorAge, earlier];
        await client.PatchBucketAsync(new Google.Apis.Storage.v1.Data.Bucket { Name = services.Bucket, Lifecycle = bucket.Lifecycle });

        // The same bucket set up again by an app that keeps intermediates longer (its start-up applies the setup).
        await using var longer = await fixture.CreateServicesAsync(extra: new() { ["Storage:Bucket"] = services.Bucket, ["Storage:IntermediateRetentionDays"] = "45" });
        var again = await longer.Get<BucketSetup>().EnsureAsync(createIfMissing: true, CancellationToken.None);

        Assert.False(again.Updated);
        var rules = (await client.GetBucketAsync(services.Bucket)).Lifecycle.Rule;
        Assert.Equal(5, rules.Count);
        Assert.Single(rules, r => r.Action.Type == "SetStorageClass" && r.Condition.MatchesPrefix.SequenceEqual(["archive/"]) && r.Condition.Age == 90);
        Assert.Single(rules, r => r.Action.Type == "Delete" && r.Condition.MatchesPrefix?.SequenceEqual(["alice/"]) == true && r.Condition.Age == 365);
        Assert.Equal(0, Assert.Single(rules, r => r.Condition.DaysSinceCustomTime is not null).Condition.DaysSinceCustomTime);
        Assert.Equal(45, Assert.Single(rules, r => r.Condition.MatchesPrefix?.SequenceEqual(["builds/"]) == true).Condition.Age);
        Assert.Single(rules, r => r.Condition.MatchesPrefix?.SequenceEqual(["intern_snippets/"]) == true);
    }

    [Fact]
    public async Task Setup_repairs_rules_that_drifted()
    {
        await using var services = await fixture.CreateServicesAsync();
        var client = services.Get<StorageClient>();
        await client.PatchBucketAsync(new Google.Apis.Storage.v1.Data.Bucket { Name = services.Bucket, Cors = [] });

        var result = await services.Get<BucketSetup>().EnsureAsync(createIfMissing: true, CancellationToken.None);

        Assert.True(result.Updated);
        Assert.Single((await client.GetBucketAsync(services.Bucket)).Cors);
    }

    [Fact]
    public async Task Browser_preflight_for_a_signed_audio_url_is_allowed_by_the_cors_rule()
    {
        await using var services = await fixture.CreateServicesAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, new Uri(fixture.Emulator.BaseUri, $"{services.Bucket}/u/x.mp3"));
        request.Headers.Add("Origin", "http://localhost:5173");
        request.Headers.Add("Access-Control-Request-Method", "GET");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("http://localhost:5173", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}
