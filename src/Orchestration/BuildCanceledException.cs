namespace EpisodeBuilder.Orchestration;

/// <summary>Raised inside the orchestrator when the cancel event wins the race against a running step, or the build gives up by itself.</summary>
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

    /// <summary>A build that ends Canceled by itself, for <paramref name="message"/>, which its status shows as the reason.</summary>
    public BuildCanceledException(string message, bool isReason)
        : base(message)
    {
        Reason = isReason ? message : null;
    }

    /// <summary>Why the build ended by itself; null when its owner canceled it.</summary>
    public string? Reason { get; }
}
