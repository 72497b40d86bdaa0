using System.Xml.Linq;
using EpisodeBuilder.Activities.Publishing;

namespace EpisodeBuilder.Activities.Tests.Publishing;

public sealed class PodcastFeedTests
{
    private const string FeedUrl = "https://cdn.example.test/alice/feeds/moon.xml";

    private static FeedItem Item(string guid, long length = 1000, double seconds = 61.4, int day = 25) => new(
        guid, $"Episode {guid}", "About things", $"https://cdn.example.test/alice/episodes/{guid}/b.mp3", length,
        TimeSpan.FromSeconds(seconds), new DateTimeOffset(2026, 11, day, 10, 0, 0, TimeSpan.Zero));

    private static PodcastFeed NewFeed() => PodcastFeed.Create(TestShows.Moon, FeedUrl, "en", null);

    [Fact]
    public void New_feed_with_one_item_parses_back_with_enclosure_and_duration()
    {
        var feed = NewFeed();
        feed.Upsert(Item("ep1", length: 123456, seconds: 3725.2));

        var xml = XDocument.Parse(feed.ToString());
        var item = Assert.Single(xml.Root!.Element("channel")!.Elements("item"));
        Assert.Equal("ep1", (string?)item.Element("guid"));
        Assert.Equal("123456", (string?)item.Element("enclosure")!.Attribute("length"));
        Assert.Equal("audio/mpeg", (string?)item.Element("enclosure")!.Attribute("type"));
        Assert.Equal("01:02:05", (string?)item.Element(PodcastFeed.ITunes + "duration"));
        Assert.Equal("Wed, 25 Nov 2026 10:00:00 GMT", (string?)item.Element("pubDate"));
    }

    [Fact]
    public void New_feed_meets_the_Apple_and_Podcasting_2_0_requirements()
    {
        var feed = NewFeed();
        feed.Upsert(Item("ep1") with { Explicit = false, Season = 2, Episode = 7, EpisodeType = "bonus" });

        var xml = feed.ToString();
        Assert.Empty(FeedSpec.Violations(xml));
        var channel = XDocument.Parse(xml).Root!.Element("channel")!;
        Assert.Equal("Moon Stories", (string?)channel.Element("title"));
        Assert.Equal("https://cdn.example.test/moon/cover.jpg", (string?)channel.Element(PodcastFeed.ITunes + "image")!.Attribute("href"));
        Assert.Equal("Astronomy", (string?)channel.Element(PodcastFeed.ITunes + "category")!.Element(PodcastFeed.ITunes + "category")!.Attribute("text"));
        Assert.Equal("ada@example.com", (string?)channel.Element(PodcastFeed.ITunes + "owner")!.Element(PodcastFeed.ITunes + "email"));
        Assert.Equal("yes", (string?)channel.Element(PodcastFeed.Podcast + "locked"));
        Assert.Equal(PodcastGuid.ForFeed(FeedUrl).ToString("D"), (string?)channel.Element(PodcastFeed.Podcast + "guid"));
        var item = channel.Element("item")!;
        Assert.Equal("bonus", (string?)item.Element(PodcastFeed.ITunes + "episodeType"));
        Assert.Equal("2", (string?)item.Element(PodcastFeed.ITunes + "season"));
        Assert.Equal("7", (string?)item.Element(PodcastFeed.ITunes + "episode"));
        Assert.Contains("xmlns:podcast=\"https://podcastindex.org/namespace/1.0\"", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void Spec_check_names_what_a_bare_feed_lacks()
    {
        const string bare = """<rss version="2.0"><channel><title>x</title><item><title>a</title><enclosure url="https://x/a.mp3" length="0" type="audio/mpeg"/><guid>a</guid></item></channel></rss>""";

        var problems = FeedSpec.Violations(bare);

        Assert.Contains("channel: itunes:image with an https href", problems);
        Assert.Contains("channel: podcast:guid a version 5 UUID", problems);
        Assert.Contains("item 'a': enclosure length in bytes", problems);
        Assert.Contains("item 'a': guid isPermaLink=false (it is not a URL)", problems);
    }

    [Fact]
    public void Upserting_the_same_guid_replaces_the_item_in_place_and_keeps_its_first_publication_date()
    {
        var feed = NewFeed();
        feed.Upsert(Item("ep1", length: 1, day: 20));
        feed.Upsert(Item("ep2", day: 21));
        feed.Upsert(Item("ep1", length: 2, day: 25) with { EnclosureUrl = "https://cdn.example.test/alice/episodes/ep1/rebuilt.mp3" });

        var reparsed = PodcastFeed.Parse(feed.ToString());
        Assert.Equal(["ep2", "ep1"], reparsed.Items.Select(i => (string?)i.Element("guid")));
        var ep1 = reparsed.Item("ep1")!;
        Assert.Equal("2", (string?)ep1.Element("enclosure")!.Attribute("length"));
        Assert.Equal("https://cdn.example.test/alice/episodes/ep1/rebuilt.mp3", (string?)ep1.Element("enclosure")!.Attribute("url"));
        Assert.Equal("Fri, 20 Nov 2026 10:00:00 GMT", (string?)ep1.Element("pubDate"));
        Assert.Equal("Wed, 25 Nov 2026 10:00:00 GMT", (string?)reparsed.Channel.Element("lastBuildDate"));
    }

    [Fact]
    public void Upserting_twice_gives_an_identical_document()
    {
        var once = NewFeed();
        once.Upsert(Item("ep1"));
        var twice = PodcastFeed.Parse(once.ToString());
        twice.Upsert(Item("ep1"));

        Assert.Equal(once.ToString(), twice.ToString());
    }

    [Fact]
    public void The_show_guid_is_kept_when_the_feed_moves_so_rebuilt_episodes_keep_their_guids()
    {
        var feed = NewFeed();
        var assigned = feed.ShowGuid!.Value;
        const string moved = "https://cdn.example.org/moonshow/feed.xml";

        feed.SetShow(TestShows.Moon with { Title = "Moon Stories, on a CDN" }, moved, "en", null);
        var reparsed = PodcastFeed.Parse(feed.ToString());

        Assert.Equal(PodcastGuid.ForFeed(FeedUrl), assigned);
        Assert.Equal(assigned, reparsed.ShowGuid);
        Assert.NotEqual(PodcastGuid.ForFeed(moved), reparsed.ShowGuid);
        Assert.Equal(PodcastGuid.ForEpisode(assigned, "ep1"), PodcastGuid.ForEpisode(reparsed.ShowGuid!.Value, "ep1"));
        Assert.Equal(moved, (string?)reparsed.Channel.Element(PodcastFeed.Atom + "link")!.Attribute("href"));
    }

    [Fact]
    public void Setting_the_show_again_updates_the_channel_and_keeps_the_items()
    {
        var feed = NewFeed();
        feed.Upsert(Item("ep1"));

        feed.SetShow(TestShows.Moon with { Title = "Moon Stories, Renamed", Category = "Technology", Subcategory = null, Locked = false }, FeedUrl, "en", null);

        var reparsed = PodcastFeed.Parse(feed.ToString());
        Assert.Equal("Moon Stories, Renamed", (string?)reparsed.Channel.Element("title"));
        Assert.Equal("no", (string?)reparsed.Channel.Element(PodcastFeed.Podcast + "locked"));
        Assert.Single(reparsed.Channel.Elements(PodcastFeed.ITunes + "category"));
        Assert.Single(reparsed.Items);
        Assert.Empty(FeedSpec.Violations(feed.ToString()));
    }

    [Theory]
    [InlineData("not xml at all")]
    [InlineData("<html><body/></html>")]
    public void Parsing_something_that_is_not_a_feed_is_a_format_error(string content) =>
        Assert.Throws<FormatException>(() => PodcastFeed.Parse(content));
}
