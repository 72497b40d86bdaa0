using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using EpisodeBuilder.Activities.Contract;

namespace EpisodeBuilder.Activities.Publishing;

/// <summary>
/// An RSS 2.0 podcast feed with Apple's <c>itunes:</c> tags and the Podcasting 2.0 namespace, that describes its show
/// (<see cref="SetShow"/>) and adds or replaces one item by its GUID. Upserting the same item twice gives the same
/// document, so a retried publish never duplicates an episode, and a rebuilt episode replaces its item in place and
/// keeps the item's first <c>pubDate</c>, so apps do not list it as new.
/// </summary>
public sealed class PodcastFeed
{
    public static readonly XNamespace ITunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";

    public static readonly XNamespace Podcast = "https://podcastindex.org/namespace/1.0";

    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    /// <summary>RSS's content module: <c>content:encoded</c> holds an item's show notes as HTML.</summary>
    public static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";

    private readonly XDocument _document;

    private PodcastFeed(XDocument document) => _document = document;

    public XElement Channel => _document.Root!.Element("channel")!;

    public IEnumerable<XElement> Items => Channel.Elements("item");

    /// <summary>Whether the channel describes a show (it has cover art); a feed this code created always does.</summary>
    public bool HasShow => Channel.Element(ITunes + "image") is not null;

    /// <summary>The show's <c>podcast:guid</c>, when the channel has one.</summary>
    public Guid? ShowGuid => Guid.TryParse((string?)Channel.Element(Podcast + "guid"), out var guid) ? guid : null;

    /// <summary>Parses an existing feed; throws <see cref="FormatException"/> when it is not an RSS feed.</summary>
    public static PodcastFeed Parse(string xml)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(xml, LoadOptions.None);
        }
        catch (XmlException e)
        {
            throw new FormatException($"The stored feed is not well-formed XML: {e.Message}", e);
        }

        if (document.Root?.Name != "rss" || document.Root.Element("channel") is null)
        {
            throw new FormatException("The stored feed is not an RSS document with a channel.");
        }

        DeclareNamespaces(document.Root);
        return new PodcastFeed(document);
    }

    /// <summary>Creates a feed for a show, with no items yet.</summary>
    public static PodcastFeed Create(ShowSettings show, string feedUrl, string language, string? siteUrl)
    {
        var rss = new XElement("rss", new XAttribute("version", "2.0"), new XElement("channel"));
        DeclareNamespaces(rss);
        var feed = new PodcastFeed(new XDocument(new XDeclaration("1.0", "utf-8", null), rss));
        feed.SetShow(show, feedUrl, language, siteUrl);
        return feed;
    }

    /// <summary>
    /// Writes the channel's description of the show, replacing what was there and keeping the items and
    /// <c>lastBuildDate</c>: title, link, description, language (the show's, else <paramref name="language"/>), the feed's
    /// own URL (<c>atom:link rel="self"</c>), Apple's author, owner, image, category, explicit, type, and when set
    /// new-feed-url, block and complete, RSS's image, and Podcasting 2.0's guid (kept once set) and locked.
    /// </summary>
    public void SetShow(ShowSettings show, string feedUrl, string language, string? siteUrl)
    {
        // podcast:guid is the show's identity for ever: derived from the feed's URL once, then kept when the URL moves
        // (a CDN in front of the bucket), or apps would list the show, and every rebuilt episode, twice.
        var guid = ShowGuid ?? PodcastGuid.ForFeed(feedUrl);
        var image = show.ImageUrl ?? throw new ArgumentException("The show's cover art has no URL: publish its upload first.", nameof(show));
        var link = show.Link ?? siteUrl ?? feedUrl;
        var lastBuildDate = Channel.Element("lastBuildDate");
        foreach (var element in Channel.Elements().Where(e => e.Name != "item").ToList())
        {
            element.Remove();
        }

        var category = new XElement(ITunes + "category", new XAttribute("text", show.Category));
        if (show.Subcategory is not null)
        {
            category.Add(new XElement(ITunes + "category", new XAttribute("text", show.Subcategory)));
        }

        Channel.AddFirst(
            new XElement("title", show.Title),
            new XElement("link", link),
            new XElement("description", show.Description),
            new XElement("language", show.Language ?? language),
            lastBuildDate,
            new XElement(Atom + "link", new XAttribute("href", feedUrl), new XAttribute("rel", "self"), new XAttribute("type", "application/rss+xml")),
            new XElement("image", new XElement("url", image), new XElement("title", show.Title), new XElement("link", link)),
            new XElement(ITunes + "author", show.Author),
            new XElement(ITunes + "summary", show.Description),
            new XElement(ITunes + "owner", new XElement(ITunes + "name", show.OwnerName), new XElement(ITunes + "email", show.OwnerEmail)),
            new XElement(ITunes + "image", new XAttribute("href", image)),
            category,
            new XElement(ITunes + "explicit", show.Explicit ? "true" : "false"),
            new XElement(ITunes + "type", show.Type),
            show.NewFeedUrl is { } moved ? new XElement(ITunes + "new-feed-url", moved) : null,
            show.Block ? new XElement(ITunes + "block", "Yes") : null,
            show.Complete ? new XElement(ITunes + "complete", "Yes") : null,
            new XElement(Podcast + "guid", guid.ToString("D")),
            new XElement(Podcast + "locked", new XAttribute("owner", show.OwnerEmail), show.Locked ? "yes" : "no"));
    }

    /// <summary>The channel's language (RSS <c>language</c>), when it has one.</summary>
    public string? Language => (string?)Channel.Element("language");

    /// <summary>
    /// Adds the item, or replaces the item with the same GUID in place (keeping its first <c>pubDate</c>); sets
    /// <c>lastBuildDate</c> to the item's time.
    /// </summary>
    public void Upsert(FeedItem item)
    {
        var existing = Item(item.ItemGuid);
        if (existing is not null)
        {
            var firstPublished = (string?)existing.Element("pubDate");
            var element = ToElement(item);
            if (firstPublished is not null)
            {
                element.Element("pubDate")!.Value = firstPublished;
            }

            existing.ReplaceWith(element);
        }
        else
        {
            var element = ToElement(item);
            var firstItem = Items.FirstOrDefault();
            if (firstItem is not null)
            {
                firstItem.AddBeforeSelf(element);
            }
            else
            {
                Channel.Add(element);
            }
        }

        var lastBuildDate = new XElement("lastBuildDate", Rfc822(item.PublishedAt));
        if (Channel.Element("lastBuildDate") is { } current)
        {
            current.ReplaceWith(lastBuildDate);
        }
        else
        {
            (Channel.Element("language") ?? Channel.Element("description"))?.AddAfterSelf(lastBuildDate);
        }
    }

    /// <summary>Removes the item with a GUID, dating the change in <c>lastBuildDate</c>; false when the feed has no such item.</summary>
    public bool Remove(string itemGuid, DateTimeOffset now)
    {
        if (Item(itemGuid) is not { } item)
        {
            return false;
        }

        item.Remove();
        Channel.Element("lastBuildDate")?.ReplaceWith(new XElement("lastBuildDate", Rfc822(now)));
        return true;
    }

    /// <summary>Whether an item's enclosure lies under <paramref name="urlPrefix"/>.</summary>
    public bool HasEnclosureUnder(string urlPrefix) =>
        Items.Any(i => ((string?)i.Element("enclosure")?.Attribute("url"))?.StartsWith(urlPrefix, StringComparison.Ordinal) == true);

    /// <summary>The item with a GUID, or null.</summary>
    public XElement? Item(string itemGuid) => Items.FirstOrDefault(i => (string?)i.Element("guid") == itemGuid);

    public override string ToString()
    {
        using var writer = new Utf8StringWriter();
        _document.Save(writer, SaveOptions.None);
        return writer.ToString();
    }

    /// <summary>Formats a duration the way podcast apps read <c>itunes:duration</c>: HH:MM:SS.</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        var seconds = (long)Math.Round(duration.TotalSeconds, MidpointRounding.AwayFromZero);
        return string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:00}:{seconds / 60 % 60:00}:{seconds % 60:00}");
    }

    private static string Rfc822(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);

    private static XElement ToElement(FeedItem item)
    {
        var element = new XElement(
            "item",
            new XElement("title", item.Title),
            new XElement("description", item.Description ?? string.Empty),
            new XElement("guid", new XAttribute("isPermaLink", "false"), item.ItemGuid),
            new XElement("pubDate", Rfc822(item.PublishedAt)),
            new XElement(
                "enclosure",
                new XAttribute("url", item.EnclosureUrl),
                new XAttribute("length", item.EnclosureLength.ToString(CultureInfo.InvariantCulture)),
                new XAttribute("type", "audio/mpeg")),
            new XElement(ITunes + "title", item.Title),
            new XElement(ITunes + "duration", FormatDuration(item.Duration)),
            new XElement(ITunes + "episodeType", item.EpisodeType));
        if (item.ImageUrl is { } image)
        {
            element.Add(new XElement(ITunes + "image", new XAttribute("href", image)));
        }

        if (item.Explicit is { } explicitContent)
        {
            element.Add(new XElement(ITunes + "explicit", explicitContent ? "true" : "false"));
        }

        if (item.Season is { } season)
        {
            element.Add(new XElement(ITunes + "season", season.ToString(CultureInfo.InvariantCulture)));
        }

        if (item.Episode is { } episode)
        {
            element.Add(new XElement(ITunes + "episode", episode.ToString(CultureInfo.InvariantCulture)));
        }

        if (item.Season is { } podcastSeason)
        {
            element.Add(new XElement(Podcast + "season", podcastSeason.ToString(CultureInfo.InvariantCulture)));
        }

        if (item.Episode is { } podcastEpisode)
        {
            element.Add(new XElement(Podcast + "episode", podcastEpisode.ToString(CultureInfo.InvariantCulture)));
        }

        if (!string.IsNullOrEmpty(item.ContentHtml))
        {
            element.Add(new XElement(Content + "encoded", new XCData(item.ContentHtml)));
        }

        foreach (var transcript in item.Transcripts ?? [])
        {
            var link = new XElement(Podcast + "transcript", new XAttribute("url", transcript.Url), new XAttribute("type", transcript.Type));
            if (transcript.Language is not null)
            {
                link.Add(new XAttribute("language", transcript.Language));
            }

            if (transcript.Captions)
            {
                link.Add(new XAttribute("rel", "captions"));
            }

            element.Add(link);
        }

        if (item.ChaptersUrl is not null)
        {
            element.Add(new XElement(Podcast + "chapters", new XAttribute("url", item.ChaptersUrl), new XAttribute("type", "application/json+chapters")));
        }

        return element;
    }

    /// <summary>Declares the namespaces on the root with their usual prefixes, so elements added later use them.</summary>
    private static void DeclareNamespaces(XElement rss)
    {
        foreach (var (prefix, ns) in new[] { ("itunes", ITunes), ("podcast", Podcast), ("atom", Atom), ("content", Content) })
        {
            if (rss.Attribute(XNamespace.Xmlns + prefix) is null)
            {
                rss.Add(new XAttribute(XNamespace.Xmlns + prefix, ns.NamespaceName));
            }
        }
    }

    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter()
            : base(CultureInfo.InvariantCulture)
        {
        }

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
    }
}
