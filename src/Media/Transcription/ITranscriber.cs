namespace EpisodeBuilder.Media.Transcription;

/// <summary>
/// Speech to text with word timings. The default engine (PocketSphinx) needs no download and works offline;
/// Whisper or hosted engines implement the same interface.
/// </summary>
public interface ITranscriber
{
    string Name { get; }

    Task<Transcript> TranscribeAsync(string wavPath, string workingDirectory, CancellationToken cancellationToken);
}
