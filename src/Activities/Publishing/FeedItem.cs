namespace EpisodeBuilder.Activities.Publishing;

/// <summary>One episode as it appears in a podcast feed.</summary>
public sealed record FeedItem(
    string Id,
    string Title,
    string? Description,
    string EnclosureUrl,
    long EnclosureLength,
    TimeSpan Duration,
    DateTimeOffset PublishedAt);
