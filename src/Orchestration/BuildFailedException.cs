namespace EpisodeBuilder.Orchestration;

/// <summary>Ends a failed build, naming the step that failed so the runtime's failure details say it too.</summary>
public sealed class BuildFailedException : Exception
{
    public BuildFailedException()
    {
    }

    public BuildFailedException(string message)
        : base(message)
    {
    }

    public BuildFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BuildFailedException(string step, string message, Exception innerException)
        : base($"Step '{step}' failed: {message}", innerException)
    {
        Step = step;
    }

    public string? Step { get; }
}
