using System.ComponentModel.DataAnnotations;

namespace EpisodeBuilder.Activities.Publishing;

/// <summary>
/// Settings for published episodes and feeds (section <c>Publishing</c>). The enclosure URL of a feed item is
/// <see cref="PublicBaseUrl"/> followed by the episode's object key, so podcast apps fetch it from GCS or a CDN.
/// </summary>
public sealed class PublishingOptions
{
    public const string SectionName = "Publishing";

    /// <summary>Base URL under which published objects are publicly readable, ending in a slash.</summary>
    [Required]
    [Url]
    public string PublicBaseUrl { get; set; } = "https://storage.googleapis.com/episode-builder/";

    /// <summary>Feed language (RSS <c>language</c>).</summary>
    [Required]
    public string Language { get; set; } = "en";

    /// <summary>Link of the podcast's web site, written on new feeds.</summary>
    [Url]
    public string? SiteUrl { get; set; }

    /// <summary>The public URL of a published object: <see cref="PublicBaseUrl"/> followed by its key.</summary>
    public string PublicUrl(string key) => PublicBaseUrl.TrimEnd('/') + "/" + key;
}
