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
        var rule = Assert.Single(bucket.Lifecycle.Rule);
        Assert.Equal("Delete", rule.Action.Type);
        Assert.Equal(7, rule.Condition.Age);
        Assert.Equal(["intern_snippets/"], rule.Condition.MatchesPrefix);
        Assert.Contains("GET", Assert.Single(bucket.Cors).Method);
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
