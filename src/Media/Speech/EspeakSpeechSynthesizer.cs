using System.Globalization;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Media.Speech;

/// <summary>Speech from Debian's <c>espeak-ng</c>: robotic, but offline, fast and deterministic.</summary>
public sealed class EspeakSpeechSynthesizer(IOptions<MediaOptions> options) : ISpeechSynthesizer
{
    public const int MaximumCharacters = 5000;

    public string Name => "espeak-ng";

    public async Task SynthesizeAsync(string text, string outputWavPath, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidMediaException("a segment needs some text to speak");
        }

        if (text.Length > MaximumCharacters)
        {
            throw new InvalidMediaException($"a segment's text can be at most {MaximumCharacters} characters");
        }

        var o = options.Value;
        await ToolProcess.RunAsync(
            o.EspeakPath,
            ["-v", o.EspeakVoice, "-s", o.EspeakWordsPerMinute.ToString(CultureInfo.InvariantCulture), "-w", outputWavPath, "--", text],
            "Speech synthesis",
            cancellationToken);
        if (!File.Exists(outputWavPath) || new FileInfo(outputWavPath).Length <= 44)
        {
            throw new MediaProcessingException("Speech synthesis produced no audio.");
        }
    }
}
