using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using EpisodeBuilder.Media.Editing;
using Ganss.Xss;

namespace EpisodeBuilder.Activities.Publishing;

/// <summary>
/// An episode's show notes, as written into its feed item: <c>content:encoded</c> holds HTML limited to what podcast apps
/// render and Apple allows (<c>p</c>, <c>a</c>, <c>ul</c>, <c>ol</c>, <c>li</c>, <c>b</c>, <c>i</c>, <c>br</c>; links to
/// http, https and mailto only), cleaned by the HtmlSanitizer library; <c>description</c> beside it holds the same notes as
/// plain text for apps that show no HTML. Text that holds no tag is one paragraph per blank-line-separated block.
/// </summary>
public sealed partial record ShowNotes(string Html, string Text)
{
    /// <summary>The tags kept; any other tag is removed and its text kept (a script's or style's content is dropped).</summary>
    public static IReadOnlySet<string> AllowedTags { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "p", "a", "ul", "ol", "li", "b", "i", "br" };

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <summary>The notes of <paramref name="description"/> (HTML or plain text), with the chapter list appended when given.</summary>
    public static ShowNotes From(string? description, IReadOnlyList<Chapter>? chapters = null)
    {
        var source = description ?? string.Empty;
        var html = LooksLikeHtml(source) ? Sanitizer.Sanitize(source) : Paragraphs(source);
        if (chapters is { Count: > 0 })
        {
            var list = new StringBuilder("<p>Chapters</p><ul>");
            foreach (var chapter in chapters)
            {
                list.Append(CultureInfo.InvariantCulture, $"<li>{Timestamp(chapter.Start)} {WebUtility.HtmlEncode(chapter.Title)}</li>");
            }

            html += list.Append("</ul>").ToString();
        }

        return new ShowNotes(html.Trim(), PlainText(html));
    }

    /// <summary>A chapter's start as listeners read it: M:SS, or H:MM:SS from an hour on.</summary>
    public static string Timestamp(double seconds)
    {
        var time = TimeSpan.FromSeconds(Math.Max(0, Math.Floor(seconds)));
        return time.TotalHours >= 1
            ? time.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : time.ToString(@"m\:ss", CultureInfo.InvariantCulture);
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = AllowedTags.ToHashSet(StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        })
        {
            KeepChildNodes = true,
        };

        // A script's or a style's text is code, not notes: removed with its element.
        sanitizer.RemovingTag += (_, e) =>
        {
            if (e.Tag.NodeName is "SCRIPT" or "STYLE" or "TEMPLATE" or "IFRAME" or "OBJECT" or "NOSCRIPT")
            {
                e.Tag.TextContent = string.Empty;
            }
        };
        return sanitizer;
    }

    private static bool LooksLikeHtml(string text) => text.Contains('<', StringComparison.Ordinal) && text.Contains('>', StringComparison.Ordinal);

    private static string Paragraphs(string text) => string.Concat(
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => $"<p>{WebUtility.HtmlEncode(p).Replace("\n", "<br>", StringComparison.Ordinal)}</p>"));

    /// <summary>The notes' text: a line per paragraph, list item and line break, a list item marked with "- ".</summary>
    private static string PlainText(string html)
    {
        var document = new HtmlParser().ParseDocument($"<body>{html}</body>");
        var text = new StringBuilder();
        void Walk(INode node)
        {
            foreach (var child in node.ChildNodes)
            {
                switch (child)
                {
                    case IText t:
                        text.Append(t.Data);
                        break;
                    case IElement { LocalName: "br" }:
                        text.Append('\n');
                        break;
                    case IElement { LocalName: "li" } li:
                        text.Append("\n- ");
                        Walk(li);
                        break;
                    case IElement { LocalName: "p" or "ul" or "ol" } block:
                        text.Append("\n\n");
                        Walk(block);
                        text.Append("\n\n");
                        break;
                    case IElement { LocalName: "a" } link when link.GetAttribute("href") is { } href && href != link.TextContent.Trim():
                        Walk(link);
                        text.Append(CultureInfo.InvariantCulture, $" ({href})");
                        break;
                    default:
                        Walk(child);
                        break;
                }
            }
        }

        Walk(document.Body!);
        var lines = string.Join('\n', text.ToString().Split('\n').Select(l => l.Trim()));
        return BlankLines().Replace(lines, "\n\n").Trim();
    }

    [GeneratedRegex("\n{3,}")]
    private static partial Regex BlankLines();
}
