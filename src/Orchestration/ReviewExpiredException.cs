namespace EpisodeBuilder.Orchestration;

/// <summary>Nobody approved a build's review before its deadline: the build ends Canceled and publishes nothing.</summary>
public sealed class ReviewExpiredException(TimeSpan deadline)
    : Exception($"Nobody approved the review within {Describe(deadline)}; nothing was published. Start a new build to try again.")
{
    private static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{span.TotalDays:0.#} days" : span.TotalHours >= 1 ? $"{span.TotalHours:0.#} hours" : $"{span.TotalSeconds:0} s";
}
