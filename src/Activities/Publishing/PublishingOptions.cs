using System.ComponentModel.DataAnnotations;

namespace EpisodeBuilder.Activities.Publishing;

/// <summary>
/// Settings for published episodes and feeds (section <c>Publishing</c>). Published files (MP3, transcripts, chapters,
/// feed) go to the public bucket (<c>Storage:PublicBucket</c>), which anyone may read; everything else stays in the private bucket behind
/// signed URLs. The enclosure URL of a feed item is <see cref="PublicBaseUrl"/> followed by the episode's object key, so
/// podcast apps fetch it from GCS or from a CDN in front of the public bucket.
/// </summary>
public sealed class PublishingOptions
{
    public const string SectionName = "Publishing";

    /// <summary>
    /// Base URL under which published objects are publicly readable (<c>Publishing:PublicBaseUrl</c>): the public
    /// bucket's (<c>https://storage.googleapis.com/{Storage:PublicBucket}/</c>) or a CDN's in front of it.
    /// </summary>
    [Required]
    [Url]
    public string PublicBaseUrl { get; set; } = "https://storage.googleapis.com/episode-builder/";

    /// <summary>Feed language (RSS <c>language</c>).</summary>
    [Required]
    public string Language { get; set; } = "en";

    /// <summary>Link of the podcast's web site, written on new feeds.</summary>
    [Url]
    public string? SiteUrl { get; set; }

    /// <summary>
    /// <c>Cache-Control</c> of feeds (<c>Publishing:FeedCacheControl</c>). A feed changes with every build; without a value GCS
    /// serves public objects with an hour's caching, so apps would see a new episode up to an hour late. A minute keeps
    /// caches useful and news prompt.
    /// </summary>
    [Required(ErrorMessage = "Publishing:FeedCacheControl is required (e.g. 'public, max-age=60' or 'no-cache').")]
    public string FeedCacheControl { get; set; } = "public, max-age=60";

    /// <summary>
    /// <c>Cache-Control</c> of an episode's MP3, transcripts and chapters (<c>Publishing:EpisodeCacheControl</c>). Their names
    /// hold the build's id, so their bytes never change: cached for a year, never revalidated.
    /// </summary>
    [Required(ErrorMessage = "Publishing:EpisodeCacheControl is required (e.g. 'public, max-age=31536000, immutable').")]
    public string EpisodeCacheControl { get; set; } = "public, max-age=31536000, immutable";

    /// <summary>The public URL of a published object: <see cref="PublicBaseUrl"/> followed by its key.</summary>
    public string PublicUrl(string key) => PublicBaseUrl.TrimEnd('/') + "/" + key;
}
