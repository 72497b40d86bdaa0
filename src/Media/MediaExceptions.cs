namespace EpisodeBuilder.Media;

/// <summary>The input is not usable audio (empty, not audio, truncated, too short). Retrying cannot help.</summary>
public sealed class InvalidMediaException(string reason) : Exception(reason)
{
    public string Reason { get; } = reason;
}

/// <summary>A media tool failed on input that looked valid; the message carries the tool's last output lines.</summary>
public sealed class MediaProcessingException(string message, Exception? inner = null) : Exception(message, inner);
