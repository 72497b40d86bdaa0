using System.Globalization;
using System.Net.Mail;
using System.Xml.Linq;
using EpisodeBuilder.Activities.Publishing;

namespace EpisodeBuilder.Activities.Tests.Publishing;

/// <summary>
/// What Apple Podcasts and the Podcasting 2.0 namespace require of a feed, written from their specifications as checks
/// on the parsed XML: each returns the rules a document breaks, so a test can assert there are none and name them if
/// not. Apple: channel title, description, language, link, <c>itunes:image href</c>, <c>itunes:category text</c> from
/// its list, <c>itunes:explicit</c> true/false, author and owner e-mail; items with title, enclosure (url, length,
/// type), guid, pubDate. Podcasting 2.0: <c>podcast:guid</c> is the v5 UUID of the feed URL without its scheme in the
/// fixed namespace, <c>podcast:locked</c> is yes/no, <c>podcast:transcript</c> and <c>podcast:chapters</c> have a url and a
/// type from their lists.
/// </summary>
public static class FeedSpec
{
    private static readonly XNamespace ITunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    private static readonly XNamespace Podcast = "https://podcastindex.org/namespace/1.0";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly string[] TranscriptTypes = ["text/vtt", "application/json", "application/x-subrip", "application/srt", "text/html", "text/plain"];

    /// <summary>Every rule the feed breaks, as "where: what".</summary>
    public static List<string> Violations(string xml)
    {
        var problems = new List<string>();
        void Require(bool ok, string rule)
        {
            if (!ok)
            {
                problems.Add(rule);
            }
        }

        var document = XDocument.Parse(xml);
        Require(document.Root?.Name == "rss" && (string?)document.Root.Attribute("version") == "2.0", "rss: version 2.0 root");
        var channel = document.Root!.Element("channel");
        if (channel is null)
        {
            problems.Add("rss: a channel");
            return problems;
        }

        foreach (var name in new[] { "title", "description", "language", "link" })
        {
            Require(!string.IsNullOrWhiteSpace((string?)channel.Element(name)), $"channel: {name}");
        }

        Require(IsUrl((string?)channel.Element(ITunes + "image")?.Attribute("href"), httpsOnly: true), "channel: itunes:image with an https href");
        var category = channel.Element(ITunes + "category");
        var categoryText = (string?)category?.Attribute("text");
        Require(categoryText is not null && ApplePodcastCategories.All.ContainsKey(categoryText), "channel: itunes:category text from Apple's list");
        if (category?.Element(ITunes + "category") is { } sub)
        {
            Require(ApplePodcastCategories.IsValid(categoryText, (string?)sub.Attribute("text")), "channel: nested itunes:category a subcategory of its parent");
        }

        Require((string?)channel.Element(ITunes + "explicit") is "true" or "false", "channel: itunes:explicit true or false");
        Require(!string.IsNullOrWhiteSpace((string?)channel.Element(ITunes + "author")), "channel: itunes:author");
        var owner = channel.Element(ITunes + "owner");
        Require(IsEmail((string?)owner?.Element(ITunes + "email")), "channel: itunes:owner with itunes:email");
        Require(!string.IsNullOrWhiteSpace((string?)owner?.Element(ITunes + "name")), "channel: itunes:owner with itunes:name");

        var self = channel.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") == "self");
        var feedUrl = (string?)self?.Attribute("href");
        Require(IsUrl(feedUrl, httpsOnly: false), "channel: atom:link rel=self with the feed's URL");
        var guid = (string?)channel.Element(Podcast + "guid");
        Require(Guid.TryParse(guid, out var showGuid) && guid![14] == '5', "channel: podcast:guid a version 5 UUID");
        if (feedUrl is not null && showGuid != Guid.Empty)
        {
            // PodcastGuid itself is checked against the specification's published example (PodcastGuidTests).
            Require(showGuid == PodcastGuid.ForFeed(feedUrl), "channel: podcast:guid is uuidv5(podcast namespace, feed URL without scheme)");
        }

        var locked = channel.Element(Podcast + "locked");
        Require((string?)locked is "yes" or "no", "channel: podcast:locked yes or no");
        if (locked?.Attribute("owner") is { } lockOwner)
        {
            Require(IsEmail(lockOwner.Value), "channel: podcast:locked owner an e-mail address");
        }

        foreach (var item in channel.Elements("item"))
        {
            var where = $"item '{(string?)item.Element("title")}'";
            Require(!string.IsNullOrWhiteSpace((string?)item.Element("title")), $"{where}: title");
            var enclosure = item.Element("enclosure");
            Require(IsUrl((string?)enclosure?.Attribute("url"), httpsOnly: false), $"{where}: enclosure url");
            Require(long.TryParse((string?)enclosure?.Attribute("length"), NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length > 0, $"{where}: enclosure length in bytes");
            Require((string?)enclosure?.Attribute("type") is "audio/mpeg" or "audio/x-m4a" or "audio/mp4", $"{where}: enclosure type");
            var itemGuid = item.Element("guid");
            Require(!string.IsNullOrWhiteSpace((string?)itemGuid), $"{where}: guid");
            Require((string?)itemGuid?.Attribute("isPermaLink") == "false", $"{where}: guid isPermaLink=false (it is not a URL)");
            Require(DateTimeOffset.TryParseExact(((string?)item.Element("pubDate"))?.Replace("GMT", "+0000", StringComparison.Ordinal), "ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), $"{where}: pubDate in RFC 822 form");
            Require(System.Text.RegularExpressions.Regex.IsMatch((string?)item.Element(ITunes + "duration") ?? string.Empty, @"^(\d+|\d+:[0-5]\d|\d+:[0-5]\d:[0-5]\d)$"), $"{where}: itunes:duration as seconds or [HH:]MM:SS");
            Require((string?)item.Element(ITunes + "episodeType") is null or "full" or "trailer" or "bonus", $"{where}: itunes:episodeType full, trailer or bonus");
            Require((string?)item.Element(ITunes + "explicit") is null or "true" or "false", $"{where}: itunes:explicit true or false");
            foreach (var transcript in item.Elements(Podcast + "transcript"))
            {
                Require(IsUrl((string?)transcript.Attribute("url"), httpsOnly: false), $"{where}: podcast:transcript url");
                Require(TranscriptTypes.Contains((string?)transcript.Attribute("type")), $"{where}: podcast:transcript type from the list");
            }

            foreach (var chapters in item.Elements(Podcast + "chapters"))
            {
                Require(IsUrl((string?)chapters.Attribute("url"), httpsOnly: false), $"{where}: podcast:chapters url");
                Require((string?)chapters.Attribute("type") == "application/json+chapters", $"{where}: podcast:chapters type application/json+chapters");
            }
        }

        return problems;
    }

    private static bool IsUrl(string? value, bool httpsOnly) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (!httpsOnly && uri.Scheme == Uri.UriSchemeHttp));

    private static bool IsEmail(string? value) => value is not null && MailAddress.TryCreate(value, out _);
}
