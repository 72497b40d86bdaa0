namespace EpisodeBuilder.Media.Speech;

/// <summary>
/// Turns text into speech for AI segments. The default engine (espeak-ng) needs no download and works offline;
/// hosted or neural engines implement the same interface.
/// </summary>
public interface ISpeechSynthesizer
{
    string Name { get; }

    /// <summary>Writes the spoken text to <paramref name="outputWavPath"/> (WAV).</summary>
    Task SynthesizeAsync(string text, string outputWavPath, CancellationToken cancellationToken);
}
