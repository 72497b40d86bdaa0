using System.Xml.Linq;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.PublishEpisode;
using EpisodeBuilder.Activities.Publishing;
using EpisodeBuilder.Activities.Tests.Infrastructure;
using EpisodeBuilder.Storage;

namespace EpisodeBuilder.Activities.Tests.Publishing;

/// <summary>The publish step against the GCS emulator: a name per build, one feed write that switches to it, the show rule.</summary>
[Collection(StorageCollection.Name)]
public sealed class PublishEpisodeTests(StorageFixture storage) : BuildHostTests(storage, "pia")
{
    /// <summary>Stages <paramref name="bytes"/> bytes as a build's MP3 and publishes it (publishing copies; it does not decode).</summary>
    private async Task<PublishEpisodeOutput> PublishAsync(BuildRef build, int bytes, PublishSettings publish, int day = 25)
    {
        var path = Path.Combine(Dir, build.BuildId + ".mp3");
        await File.WriteAllBytesAsync(path, Enumerable.Repeat((byte)7, bytes).ToArray());
        var staged = build.File("episode.mp3");
        await Store.UploadFileAsync(path, staged, "audio/mpeg");
        return await Host.Get<PublishEpisodeActivity>().RunAsync(
            new PublishEpisodeInput(build, staged, publish, 61.5, bytes, new DateTime(2026, 11, day, 9, 0, 0, DateTimeKind.Utc)), CancellationToken.None);
    }

    private async Task<XElement> ChannelAsync(string feedKey) =>
        XDocument.Parse((await Store.ReadTextAsync(feedKey, CancellationToken.None))!.Value.Text).Root!.Element("channel")!;

    [Fact]
    public async Task A_rebuild_publishes_a_new_mp3_and_the_feed_switches_to_it_with_its_own_length()
    {
        var publish = new PublishSettings("rebuilt", "First cut", null, TestShows.Moon);
        var first = NewBuild("ep1");
        var second = NewBuild("ep1");

        var one = await PublishAsync(first, 1000, publish, day: 20);
        var two = await PublishAsync(second, 2500, publish with { Title = "Second cut" }, day: 25);

        Assert.NotEqual(one.EpisodeKey, two.EpisodeKey);
        Assert.Equal(second.Episode(), two.EpisodeKey);
        var channel = await ChannelAsync(two.FeedKey);
        var item = Assert.Single(channel.Elements("item"));
        Assert.Equal("Second cut", (string?)item.Element("title"));
        Assert.Equal("https://cdn.example.test/" + two.EpisodeKey, (string?)item.Element("enclosure")!.Attribute("url"));
        Assert.Equal("2500", (string?)item.Element("enclosure")!.Attribute("length"));
        Assert.Equal(PodcastGuid.ForEpisode(PodcastGuid.ForFeed("https://cdn.example.test/" + two.FeedKey), "ep1").ToString("D"), (string?)item.Element("guid"));
        Assert.Equal("Fri, 20 Nov 2026 09:00:00 GMT", (string?)item.Element("pubDate"));
        Assert.Empty(FeedSpec.Violations(channel.Document!.ToString()));

        // The first MP3 is untouched: a feed read before the switch still states its true length.
        Assert.Equal(1000, (await Store.GetAsync(one.EpisodeKey, CancellationToken.None))!.Size);
    }

    [Fact]
    public async Task A_podcasts_first_episode_without_a_show_writes_nothing()
    {
        var build = NewBuild("lonely");

        var error = await Assert.ThrowsAsync<InvalidBuildInputException>(() => PublishAsync(build, 100, new PublishSettings("showless", "Lonely", null)));

        Assert.Contains("publish.show", error.Message, StringComparison.Ordinal);
        Assert.Null(await Store.GetAsync(build.Episode(), CancellationToken.None));
        Assert.Null(await Store.GetAsync(ObjectKeys.Feed(User, "showless"), CancellationToken.None));
    }

    [Fact]
    public async Task A_later_episode_without_a_show_keeps_the_channel_and_adds_its_item_first()
    {
        await PublishAsync(NewBuild("ep1"), 100, new PublishSettings("series", "One", null, TestShows.Moon), day: 20);

        var output = await PublishAsync(NewBuild("ep2"), 200, new PublishSettings("series", "Two", null, EpisodeType: "bonus"), day: 21);

        var channel = await ChannelAsync(output.FeedKey);
        Assert.Equal("Moon Stories", (string?)channel.Element("title"));
        Assert.Equal(["Two", "One"], channel.Elements("item").Select(i => (string?)i.Element("title")));
        Assert.Equal("bonus", (string?)channel.Element("item")!.Element(PodcastFeed.ITunes + "episodeType"));
        Assert.Empty(FeedSpec.Violations(channel.Document!.ToString()));
    }
}
