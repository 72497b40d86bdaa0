namespace EpisodeBuilder.Activities.Contract;

/// <summary>
/// The build cannot succeed with the input it was given (unusable audio, a malformed transcript, a missing
/// object). Retrying cannot help, so the orchestrator's retry policy stops at once on this type.
/// </summary>
public class InvalidBuildInputException : Exception
{
    public InvalidBuildInputException()
    {
    }

    public InvalidBuildInputException(string message)
        : base(message)
    {
    }

    public InvalidBuildInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
