using EpisodeBuilder.Activities.Publishing;

namespace EpisodeBuilder.Activities.Tests.Publishing;

public sealed class PodcastGuidTests
{
    [Fact]
    public void Show_guid_matches_the_Podcasting_2_0_specification_example() =>
        // The podcast:guid page of the specification: this feed URL gives this GUID.
        Assert.Equal(new Guid("917393e3-1b1e-5cef-ace4-edaa54e1f810"), PodcastGuid.ForFeed("https://mp3s.nashownotes.com/pc20rss.xml"));

    [Theory]
    [InlineData("http://mp3s.nashownotes.com/pc20rss.xml")]
    [InlineData("https://mp3s.nashownotes.com/pc20rss.xml/")]
    [InlineData("mp3s.nashownotes.com/pc20rss.xml")]
    public void Show_guid_ignores_the_scheme_and_trailing_slashes(string url) =>
        Assert.Equal(new Guid("917393e3-1b1e-5cef-ace4-edaa54e1f810"), PodcastGuid.ForFeed(url));

    [Fact]
    public void Version5_matches_the_RFC_name_based_uuid_of_a_dns_name() =>
        // uuid5(NAMESPACE_DNS, "python.org"), as Python's uuid module (and RFC 9562's algorithm) gives it.
        Assert.Equal(new Guid("886313e1-3b8a-5372-9b90-0c9aee199e5d"), PodcastGuid.Version5(new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "python.org"));

    [Fact]
    public void Episode_guid_is_the_same_for_every_build_and_differs_between_shows()
    {
        var show = PodcastGuid.ForFeed("https://cdn.example.test/alice/feeds/show.xml");
        var other = PodcastGuid.ForFeed("https://cdn.example.test/bob/feeds/show.xml");

        Assert.Equal(PodcastGuid.ForEpisode(show, "ep1"), PodcastGuid.ForEpisode(show, "ep1"));
        Assert.NotEqual(PodcastGuid.ForEpisode(show, "ep1"), PodcastGuid.ForEpisode(other, "ep1"));
        Assert.NotEqual(PodcastGuid.ForEpisode(show, "ep1"), PodcastGuid.ForEpisode(show, "ep2"));
    }
}
