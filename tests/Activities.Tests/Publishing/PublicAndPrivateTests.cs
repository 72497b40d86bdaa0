using System.Net;
using System.Xml.Linq;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.PublishEpisode;
using EpisodeBuilder.Activities.Publishing;
using EpisodeBuilder.Activities.Tests.Infrastructure;
using EpisodeBuilder.Activities.Tests.Storage;
using EpisodeBuilder.Api.Hosting;
using EpisodeBuilder.Storage;
using Google.Apis.Storage.v1.Data;
using Google.Cloud.Storage.V1;
using Microsoft.Extensions.DependencyInjection;

namespace EpisodeBuilder.Activities.Tests.Publishing;

/// <summary>
/// Published episodes and feeds are readable by anyone (a podcast app has no credentials); uploads and everything a
/// build makes stay private (signed URLs only). Against an emulator that requires authentication as GCS does, with the
/// app authenticated by a service account key and <c>setup-bucket</c> applying both buckets' access settings.
/// </summary>
[Collection(CredentialModesCollection.Name)]
public sealed class PublicAndPrivateTests(IdentityEmulatorFixture identity) : IDisposable
{
    private const string User = "vera";
    private readonly HttpClient _anonymous = new();

    private ServiceProvider App(out string bucket, out string publicBucket)
    {
        var pub = "p-" + Guid.NewGuid().ToString("N")[..20];
        publicBucket = pub;
        return identity.Services(
            new()
            {
                ["Storage:CredentialsFile"] = identity.RuntimeKeyFile,
                ["Storage:PublicBucket"] = pub,
                ["Storage:CorsOrigins:0"] = "https://studio.example.test",
                ["Publishing:PublicBaseUrl"] = identity.Url(pub + "/"),
            },
            out bucket,
            (services, configuration) => services.AddEpisodeBuilder(configuration));
    }

    public void Dispose() => _anonymous.Dispose();

    private Task<HttpResponseMessage> AnonymousGetAsync(string url) => _anonymous.GetAsync(url);

    [Fact]
    public async Task Anyone_reads_the_published_episode_and_feed_while_uploads_and_build_files_stay_private()
    {
        await using var app = App(out var bucket, out var publicBucket);
        var setup = await app.GetRequiredService<BucketSetup>().EnsureAsync(createIfMissing: true, CancellationToken.None);
        Assert.True(setup.Created && setup.PublicCreated);
        var store = app.GetRequiredService<ObjectStore>();
        var build = new BuildRef(User, "ep1", $"{User}.ep1.{Guid.NewGuid():N}");
        // In the fixture's folder, which it deletes whatever the test's outcome.
        var file = Path.Combine(identity.Root, $"published-{bucket}.bin");
        await File.WriteAllBytesAsync(file, Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray());
        var upload = await store.UploadFileAsync(file, $"{User}/media/main_content/recording.wav", "audio/wav");
        var staged = await store.UploadFileAsync(file, build.File("episode.mp3"), "audio/mpeg");

        var published = await app.GetRequiredService<PublishEpisodeActivity>().RunAsync(
            new PublishEpisodeInput(build, staged.Key, new PublishSettings("vera-show", "Pilot", null, TestShows.Moon), 61.5, staged.Size, DateTime.UtcNow),
            CancellationToken.None);

        // Private: the upload and the build's own files, by their plain URL, are refused to an anonymous caller...
        Assert.Equal(HttpStatusCode.Forbidden, (await AnonymousGetAsync(identity.Url($"{bucket}/{upload.Key}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await AnonymousGetAsync(identity.Url($"{bucket}/{staged.Key}"))).StatusCode);
        // ...and served through a signed URL.
        var signed = await app.GetRequiredService<SignedUrls>().ForReadAsync(upload.Key);
        Assert.Equal(HttpStatusCode.OK, (await AnonymousGetAsync(signed.Url)).StatusCode);

        // Public: the feed at its public URL, and the episode at the feed's enclosure URL.
        var feedUrl = identity.Url($"{publicBucket}/{published.FeedKey}");
        using var feedResponse = await AnonymousGetAsync(feedUrl);
        Assert.Equal(HttpStatusCode.OK, feedResponse.StatusCode);
        var enclosure = (string)XDocument.Parse(await feedResponse.Content.ReadAsStringAsync()).Descendants("enclosure").Single().Attribute("url")!;
        Assert.Equal(identity.Url($"{publicBucket}/{published.EpisodeKey}"), enclosure);
        using var episode = await AnonymousGetAsync(enclosure);
        Assert.Equal(HttpStatusCode.OK, episode.StatusCode);
        Assert.Equal(await File.ReadAllBytesAsync(file), await episode.Content.ReadAsByteArrayAsync());
        // The published copy lives only in the public bucket.
        Assert.Null(await store.GetAsync(published.EpisodeKey, CancellationToken.None));
    }

    [Fact]
    public async Task Feeds_are_cached_for_a_minute_episode_files_for_good_and_companions_answer_any_origin()
    {
        await using var app = App(out _, out var publicBucket);
        await app.GetRequiredService<BucketSetup>().EnsureAsync(createIfMissing: true, CancellationToken.None);
        var store = app.GetRequiredService<ObjectStore>();
        var build = new BuildRef(User, "ep2", $"{User}.ep2.{Guid.NewGuid():N}");
        var staged = await store.WriteTextAsync(build.File("episode.mp3"), "ID3 not really", "audio/mpeg", WriteCondition.Overwrite, CancellationToken.None);
        var vtt = await store.WriteTextAsync(build.Subtitles(), "WEBVTT\n", "text/vtt", WriteCondition.Overwrite, CancellationToken.None);
        var transcript = await store.WriteTextAsync(build.Transcript(), """{ "version": "1.0.0", "segments": [] }""", "application/json", WriteCondition.Overwrite, CancellationToken.None);
        var chapters = await store.WriteTextAsync(build.File("chapters.json"), """{ "version": "1.2.0", "chapters": [] }""", "application/json+chapters", WriteCondition.Overwrite, CancellationToken.None);

        var published = await app.GetRequiredService<PublishEpisodeActivity>().RunAsync(
            new PublishEpisodeInput(build, staged.Key, new PublishSettings("vera-cast", "Pilot", null, TestShows.Moon), 61.5, staged.Size, DateTime.UtcNow, new EpisodeCompanions(vtt.Key, transcript.Key, chapters.Key)),
            CancellationToken.None);

        using var feed = await AnonymousGetAsync(identity.Url($"{publicBucket}/{published.FeedKey}"));
        Assert.Equal("public, max-age=60", feed.Headers.CacheControl?.ToString());
        using var episode = await AnonymousGetAsync(identity.Url($"{publicBucket}/{published.EpisodeKey}"));
        Assert.Equal("public, max-age=31536000, immutable", episode.Headers.CacheControl?.ToString());
        Assert.Equal("audio/mpeg", episode.Content.Headers.ContentType?.MediaType);

        var companions = XDocument.Parse(await feed.Content.ReadAsStringAsync()).Descendants()
            .Where(e => e.Name.LocalName is "transcript" or "chapters").Select(e => (string)e.Attribute("url")!).ToList();
        Assert.Equal(3, companions.Count);
        foreach (var url in companions)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("Origin", "https://any-player.example");
            using var response = await _anonymous.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(response.Headers.GetValues("Access-Control-Allow-Origin").Single(), new[] { "*", "https://any-player.example" });
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        }
    }

    [Fact]
    public async Task Anyone_reads_a_published_file_by_name_but_nobody_lists_the_public_bucket_even_after_an_old_grant()
    {
        await using var app = App(out _, out var publicBucket);
        var setup = app.GetRequiredService<BucketSetup>();
        await setup.EnsureAsync(createIfMissing: true, CancellationToken.None);
        var client = app.GetRequiredService<StorageClient>();
        // A bucket set up when anyone held objectViewer (which lists): setup takes that back.
        var policy = await client.GetBucketIamPolicyAsync(publicBucket);
        policy.Bindings.Add(new Policy.BindingsData { Role = BucketSetup.ObjectViewer, Members = ["allUsers"] });
        await client.SetBucketIamPolicyAsync(publicBucket, policy);
        Assert.Equal(HttpStatusCode.OK, (await AnonymousGetAsync(identity.Url($"storage/v1/b/{publicBucket}/o"))).StatusCode);

        var repaired = await setup.EnsureAsync(createIfMissing: true, CancellationToken.None);
        await app.GetRequiredService<PublishedStore>().Store.WriteTextAsync($"{User}/feeds/listed.xml", "<rss/>", "application/rss+xml", WriteCondition.Overwrite, CancellationToken.None);

        Assert.True(repaired.PublicUpdated);
        Assert.Equal(HttpStatusCode.OK, (await AnonymousGetAsync(identity.Url($"{publicBucket}/{User}/feeds/listed.xml"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AnonymousGetAsync(identity.Url($"storage/v1/b/{publicBucket}/o/{Uri.EscapeDataString($"{User}/feeds/listed.xml")}?alt=media"))).StatusCode);
        foreach (var list in new[] { $"storage/v1/b/{publicBucket}/o", $"storage/v1/b/{publicBucket}/o?prefix={User}/", publicBucket, $"{publicBucket}?prefix={User}/" })
        {
            using var response = await AnonymousGetAsync(identity.Url(list));
            Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"anonymous GET {list}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_rebuild_retires_the_files_it_supersedes_after_the_grace_period_and_keeps_its_own()
    {
        await using var app = App(out _, out var publicBucket);
        await app.GetRequiredService<BucketSetup>().EnsureAsync(createIfMissing: true, CancellationToken.None);
        var store = app.GetRequiredService<ObjectStore>();
        var publish = app.GetRequiredService<PublishEpisodeActivity>();

        async Task<PublishEpisodeOutput> PublishAsync(string buildId)
        {
            var build = new BuildRef(User, "ep3", buildId);
            var staged = await store.WriteTextAsync(build.File("episode.mp3"), "MP3 of " + buildId, "audio/mpeg", WriteCondition.Overwrite, CancellationToken.None);
            var vtt = await store.WriteTextAsync(build.Subtitles(), "WEBVTT\n", "text/vtt", WriteCondition.Overwrite, CancellationToken.None);
            var transcript = await store.WriteTextAsync(build.Transcript(), "{}", "application/json", WriteCondition.Overwrite, CancellationToken.None);
            var chapters = await store.WriteTextAsync(build.File("chapters.json"), "{}", "application/json+chapters", WriteCondition.Overwrite, CancellationToken.None);
            return await publish.RunAsync(
                new PublishEpisodeInput(build, staged.Key, new PublishSettings("vera-retire", "Pilot", null, TestShows.Moon), 61.5, staged.Size, DateTime.UtcNow, new EpisodeCompanions(vtt.Key, transcript.Key, chapters.Key)),
                CancellationToken.None);
        }

        var first = await PublishAsync($"{User}.ep3.{Guid.NewGuid():N}");
        var second = await PublishAsync($"{User}.ep3.{Guid.NewGuid():N}");
        var client = app.GetRequiredService<StorageClient>();
        var retiredAt = (await client.GetObjectAsync(publicBucket, first.EpisodeKey)).CustomTimeDateTimeOffset;
        Assert.NotNull(retiredAt);
        Assert.InRange(retiredAt.Value, DateTimeOffset.UtcNow.AddDays(7).AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(7));
        Assert.Null((await client.GetObjectAsync(publicBucket, second.EpisodeKey)).CustomTimeDateTimeOffset);
        // Publishing the same build again (a retried step) neither marks its own files nor moves the earlier date.
        await PublishAsync(second.EpisodeKey[(second.EpisodeKey.LastIndexOf('/') + 1)..^".mp3".Length]);
        Assert.Equal(retiredAt, (await client.GetObjectAsync(publicBucket, first.EpisodeKey)).CustomTimeDateTimeOffset);
        Assert.Null((await client.GetObjectAsync(publicBucket, second.EpisodeKey)).CustomTimeDateTimeOffset);
        static List<string> Files(PublishEpisodeOutput published) =>
            [published.EpisodeKey, .. new[] { "vtt", "transcript.json", "chapters.json" }.Select(suffix => published.EpisodeKey[..^"mp3".Length] + suffix)];
        var firstFiles = Files(first);
        var secondFiles = Files(second);

        // Within the grace period an app that cached the old enclosure still gets it.
        Assert.Empty(identity.Emulator.ApplyLifecycle(DateTimeOffset.UtcNow.AddDays(6)));
        Assert.Equal(HttpStatusCode.OK, (await AnonymousGetAsync(identity.Url($"{publicBucket}/{first.EpisodeKey}"))).StatusCode);

        var deleted = identity.Emulator.ApplyLifecycle(DateTimeOffset.UtcNow.AddDays(7).AddHours(1));

        Assert.Equal(firstFiles.Select(k => $"{publicBucket}/{k}").Order(), deleted.Where(d => d.StartsWith(publicBucket + "/", StringComparison.Ordinal)).Order());
        foreach (var key in firstFiles)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await AnonymousGetAsync(identity.Url($"{publicBucket}/{key}"))).StatusCode);
        }

        foreach (var key in secondFiles.Append(second.FeedKey))
        {
            Assert.Equal(HttpStatusCode.OK, (await AnonymousGetAsync(identity.Url($"{publicBucket}/{key}"))).StatusCode);
        }
    }

    [Fact]
    public async Task Setup_bucket_grants_public_read_only_on_the_public_bucket_and_changes_nothing_the_second_time()
    {
        await using var app = App(out var bucket, out var publicBucket);
        var setup = app.GetRequiredService<BucketSetup>();
        await setup.EnsureAsync(createIfMissing: true, CancellationToken.None);

        var again = await setup.EnsureAsync(createIfMissing: true, CancellationToken.None);

        Assert.Equal(new BucketSetupResult(false, false, false, false), again);
        var client = app.GetRequiredService<StorageClient>();
        var privateBucket = await client.GetBucketAsync(bucket);
        Assert.True(privateBucket.IamConfiguration.UniformBucketLevelAccess.Enabled);
        Assert.Equal("enforced", privateBucket.IamConfiguration.PublicAccessPrevention);
        Assert.DoesNotContain((await client.GetBucketIamPolicyAsync(bucket)).Bindings, b => b.Members.Contains("allUsers"));
        Assert.Contains((await client.GetBucketIamPolicyAsync(publicBucket)).Bindings, b => b.Role == BucketSetup.PublicObjectReader && b.Members.Contains("allUsers"));
        Assert.DoesNotContain((await client.GetBucketIamPolicyAsync(publicBucket)).Bindings, b => b.Role != BucketSetup.PublicObjectReader && b.Members.Contains("allUsers"));
        Assert.Equal(["https://studio.example.test"], Assert.Single(privateBucket.Cors).Origin);
    }

    [Fact]
    public async Task Setup_bucket_refuses_a_private_bucket_that_grants_public_read_naming_it()
    {
        await using var app = App(out var bucket, out _);
        var setup = app.GetRequiredService<BucketSetup>();
        await setup.EnsureAsync(createIfMissing: true, CancellationToken.None);
        var client = app.GetRequiredService<StorageClient>();
        await client.PatchBucketAsync(new Bucket { Name = bucket, IamConfiguration = new Bucket.IamConfigurationData { PublicAccessPrevention = "inherited" } });
        var policy = await client.GetBucketIamPolicyAsync(bucket);
        policy.Bindings.Add(new Policy.BindingsData { Role = BucketSetup.ObjectViewer, Members = ["allUsers"] });
        await client.SetBucketIamPolicyAsync(bucket, policy);

        var refusal = await Assert.ThrowsAsync<BucketAccessException>(() => setup.EnsureAsync(createIfMissing: true, CancellationToken.None));

        Assert.Contains(bucket, refusal.Message, StringComparison.Ordinal);
    }
}
