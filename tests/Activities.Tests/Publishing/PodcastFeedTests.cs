using System.Xml.Linq;
using EpisodeBuilder.Activities.Publishing;

namespace EpisodeBuilder.Activities.Tests.Publishing;

public sealed class PodcastFeedTests
{
    private static FeedItem Item(string guid, long length = 1000, double seconds = 61.4) => new(
        guid, $"Episode {guid}", "About things", $"https://cdn.example/u/episodes/{guid}.mp3", length,
        TimeSpan.FromSeconds(seconds), new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void New_feed_with_one_item_parses_back_with_enclosure_and_duration()
    {
        var feed = PodcastFeed.Create("My Show", "en", null);
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
    public void Upserting_the_same_guid_replaces_the_item_instead_of_duplicating_it()
    {
        var feed = PodcastFeed.Create("My Show", "en", null);
        feed.Upsert(Item("ep1", length: 1));
        feed.Upsert(Item("ep2"));
        feed.Upsert(Item("ep1", length: 2));

        var reparsed = PodcastFeed.Parse(feed.ToString());
        Assert.Equal(2, reparsed.Items.Count());
        var ep1 = reparsed.Items.Single(i => (string?)i.Element("guid") == "ep1");
        Assert.Equal("2", (string?)ep1.Element("enclosure")!.Attribute("length"));
    }

    [Fact]
    public void Upserting_twice_gives_an_identical_document()
    {
        var once = PodcastFeed.Create("My Show", "en", null);
        once.Upsert(Item("ep1"));
        var twice = PodcastFeed.Parse(once.ToString());
        twice.Upsert(Item("ep1"));

        Assert.Equal(once.ToString(), twice.ToString());
    }

    [Theory]
    [InlineData("not xml at all")]
    [InlineData("<html><body/></html>")]
    public void Parsing_something_that_is_not_a_feed_is_a_format_error(string content) =>
        Assert.Throws<FormatException>(() => PodcastFeed.Parse(content));
}
