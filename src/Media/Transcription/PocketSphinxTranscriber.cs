using System.Globalization;
using FFMpegCore;
using EpisodeBuilder.Media.Ffmpeg;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Media.Transcription;

/// <summary>
/// Transcribes with Debian's PocketSphinx (<c>pocketsphinx_continuous -time yes</c>, US English model), which
/// prints one line per word: <c>word start end confidence</c>. Input is resampled to the 16 kHz mono it needs.
/// </summary>
public sealed class PocketSphinxTranscriber(FfmpegRunner ffmpeg, IOptions<MediaOptions> options) : ITranscriber
{
    public string Name => "pocketsphinx";

    public async Task<Transcript> TranscribeAsync(string wavPath, string workingDirectory, CancellationToken cancellationToken)
    {
        var input16k = Path.Combine(workingDirectory, "asr-16k.wav");
        await ffmpeg.RunAsync(
            FFMpegArguments.FromFileInput(wavPath).OutputToFile(input16k, overwrite: true, o => o.WithCustomArgument("-c:a pcm_s16le -ar 16000 -ac 1")),
            "Preparing audio for transcription",
            cancellationToken);
        var (output, _) = await ToolProcess.RunAsync(
            options.Value.PocketSphinxPath,
            ["-infile", input16k, "-time", "yes", "-logfn", "/dev/null"],
            "Transcription",
            cancellationToken);
        return new Transcript(Name, Parse(output));
    }

    /// <summary>Parses word lines, skipping sentence markers, silences and noise, and dropping variant suffixes.</summary>
    public static IReadOnlyList<TranscriptWord> Parse(string output)
    {
        var words = new List<TranscriptWord>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 4
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var start)
                || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var end)
                || !double.TryParse(parts[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var confidence))
            {
                continue;
            }

            var word = parts[0];
            if (word.StartsWith('<') || word.StartsWith('[') || word.StartsWith("++", StringComparison.Ordinal))
            {
                continue;
            }

            var variant = word.IndexOf('(', StringComparison.Ordinal);
            words.Add(new TranscriptWord(variant > 0 ? word[..variant] : word, start, end, Math.Clamp(confidence, 0, 1)));
        }

        return words;
    }
}
