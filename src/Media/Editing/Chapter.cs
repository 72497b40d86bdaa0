namespace EpisodeBuilder.Media.Editing;

/// <summary>A chapter of the finished episode: where it starts (seconds on the episode's clock) and its title.</summary>
public sealed record Chapter(double Start, string Title);
