using EpisodeBuilder.Activities.Contract;


namespace EpisodeBuilder.Activities.Tests.Publishing;

/// <summary>A complete show, as a podcast's first build describes it.</summary>
public static class TestShows
{
    public static ShowSettings Moon { get; } = new(
        "Moon Stories", "Stories about the moon.", "Ada Lovelace", "Ada Lovelace", "ada@example.com",
        "https://cdn.example.test/moon/cover.jpg", "Science", "Astronomy");
}
