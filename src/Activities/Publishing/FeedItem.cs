namespace EpisodeBuilder.Activities.Publishing;

/// <summary>
/// One episode as it appears in a podcast feed. Its <c>ItemGuid</c> is stable across rebuilds of the episode (see
/// <see cref="PodcastGuid.ForEpisode"/>); <c>EpisodeType</c> is Apple's <c>itunes:episodeType</c> (<c>full</c>,
/// <c>trailer</c> or <c>bonus</c>); a null <c>Explicit</c> leaves it to the show's. <c>Description</c> is plain text;
/// <c>ContentHtml</c>, when given, the same show notes as HTML (<c>content:encoded</c>, see <see cref="ShowNotes"/>);
/// <c>ImageUrl</c>, the episode's own cover art (<c>itunes:image</c>).
/// </summary>
public sealed record FeedItem(
    string ItemGuid,
    string Title,
    string? Description,
    string EnclosureUrl,
    long EnclosureLength,
    TimeSpan Duration,
    DateTimeOffset PublishedAt,
    string EpisodeType = "full",
    bool? Explicit = null,
    int? Season = null,
    int? Episode = null,
    IReadOnlyList<FeedTranscript>? Transcripts = null,
    string? ChaptersUrl = null,
    string? ContentHtml = null,
    string? ImageUrl = null);

/// <summary>A published transcript of an episode (<c>podcast:transcript</c>): its URL, type and language, and <c>rel="captions"</c> for timed captions.</summary>
public sealed record FeedTranscript(string Url, string Type, string? Language, bool Captions = false);
