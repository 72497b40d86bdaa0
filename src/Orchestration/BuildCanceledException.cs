namespace EpisodeBuilder.Orchestration;

/// <summary>Raised inside the orchestrator when the cancel event wins the race against a running step.</summary>
public sealed class BuildCanceledException : Exception
{
    public BuildCanceledException()
        : base("The build was canceled.")
    {
    }

    public BuildCanceledException(string message)
        : base(message)
    {
    }

    public BuildCanceledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
