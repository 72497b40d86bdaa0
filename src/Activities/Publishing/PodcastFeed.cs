using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace EpisodeBuilder.Activities.Publishing;

/// <summary>
/// An RSS 2.0 podcast feed (with the iTunes namespace) that can add or replace one item by its guid. Upserting
/// the same item twice gives the same document, so a retried publish never duplicates an episode.
/// </summary>
public sealed class PodcastFeed
{
    public static readonly XNamespace ITunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";

    private readonly XDocument _document;

    private PodcastFeed(XDocument document) => _document = document;

    public XElement Channel => _document.Root!.Element("channel")!;

    public IEnumerable<XElement> Items => Channel.Elements("item");

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

        return new PodcastFeed(document);
    }

    /// <summary>Creates an empty feed for a podcast.</summary>
    public static PodcastFeed Create(string podcast, string language, string? siteUrl)
    {
        var channel = new XElement(
            "channel",
            new XElement("title", podcast),
            new XElement("link", siteUrl ?? string.Empty),
            new XElement("description", podcast),
            new XElement("language", language),
            new XElement(ITunes + "author", podcast));
        var rss = new XElement(
            "rss",
            new XAttribute("version", "2.0"),
            new XAttribute(XNamespace.Xmlns + "itunes", ITunes.NamespaceName),
            channel);
        return new PodcastFeed(new XDocument(new XDeclaration("1.0", "utf-8", null), rss));
    }

    /// <summary>Adds the item, or replaces the item with the same guid in place.</summary>
    public void Upsert(FeedItem item)
    {
        var element = ToElement(item);
        var existing = Items.FirstOrDefault(i => (string?)i.Element("guid") == item.Id);
        if (existing is not null)
        {
            existing.ReplaceWith(element);
        }
        else
        {
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

        Channel.Element("lastBuildDate")?.Remove();
        Channel.Element("language")?.AddAfterSelf(new XElement("lastBuildDate", Rfc822(item.PublishedAt)));
    }

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

    private static XElement ToElement(FeedItem item) => new(
        "item",
        new XElement("title", item.Title),
        new XElement("description", item.Description ?? string.Empty),
        new XElement("guid", new XAttribute("isPermaLink", "false"), item.Id),
        new XElement("pubDate", Rfc822(item.PublishedAt)),
        new XElement(
            "enclosure",
            new XAttribute("url", item.EnclosureUrl),
            new XAttribute("length", item.EnclosureLength.ToString(CultureInfo.InvariantCulture)),
            new XAttribute("type", "audio/mpeg")),
        new XElement(ITunes + "duration", FormatDuration(item.Duration)));

    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter()
            : base(CultureInfo.InvariantCulture)
        {
        }

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
    }
}
