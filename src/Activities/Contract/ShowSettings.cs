namespace EpisodeBuilder.Activities.Contract;

/// <summary>
/// The show a feed describes (its channel): what podcast apps and directories show for the podcast as a whole. The first
/// published episode of a podcast must bring it; a later one may, and then updates the channel.
/// </summary>
/// <param name="Title">The show's name (RSS <c>title</c>).</param>
/// <param name="Description">What the show is about (RSS <c>description</c>, <c>itunes:summary</c>).</param>
/// <param name="Author">Who makes it, as apps show it (<c>itunes:author</c>).</param>
/// <param name="OwnerName">The owner's name, for directories only (<c>itunes:owner/itunes:name</c>).</param>
/// <param name="OwnerEmail">The owner's e-mail, for directories only (<c>itunes:owner/itunes:email</c>, <c>podcast:locked owner</c>).</param>
/// <param name="ImageUrl">
/// Cover art, a square JPEG or PNG of 1400 to 3000 pixels (<c>itunes:image href</c>, RSS <c>image</c>), at an https URL;
/// null when <paramref name="ImageKey"/> names an upload, which publishing puts beside the feed and names here.
/// </param>
/// <param name="Category">An Apple Podcasts category (<c>itunes:category text</c>), see <see cref="Publishing.ApplePodcastCategories"/>.</param>
/// <param name="Subcategory">One of the category's subcategories, or null.</param>
/// <param name="Explicit">Whether the show contains explicit content (<c>itunes:explicit</c>).</param>
/// <param name="Locked">Whether other platforms may not import the feed (<c>podcast:locked</c>).</param>
/// <param name="Link">The show's web site (RSS <c>link</c>), or null for the configured site.</param>
/// <param name="Type">Apple's <c>itunes:type</c>: <c>episodic</c> (newest first) or <c>serial</c> (in order; each episode numbered).</param>
/// <param name="Language">The show's language (RSS <c>language</c>, e.g. <c>en</c>, <c>fr-CA</c>), or null for the configured one.</param>
/// <param name="NewFeedUrl">Where the show has moved (<c>itunes:new-feed-url</c>), or null.</param>
/// <param name="Block">Whether Apple Podcasts should not list the show (<c>itunes:block</c> Yes).</param>
/// <param name="Complete">Whether the show will have no more episodes (<c>itunes:complete</c> Yes).</param>
/// <param name="ImageKey">The key of uploaded cover art for the show, or null for <paramref name="ImageUrl"/>.</param>
public sealed record ShowSettings(
    string Title,
    string Description,
    string Author,
    string OwnerName,
    string OwnerEmail,
    string? ImageUrl,
    string Category,
    string? Subcategory = null,
    bool Explicit = false,
    bool Locked = true,
    string? Link = null,
    string Type = "episodic",
    string? Language = null,
    string? NewFeedUrl = null,
    bool Block = false,
    bool Complete = false,
    string? ImageKey = null);
