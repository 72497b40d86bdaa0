using System.Globalization;
using FFMpegCore;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Wav;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Media.Transcription;

/// <summary>
/// Transcribes with Debian's PocketSphinx (<c>pocketsphinx_continuous -time yes</c>, US English model), which
/// prints one line per word: <c>word start end confidence</c>; then listens for the marker words with keyword spotting
/// (<see cref="PocketSphinxKeywordSpotter"/>) and merges its hits in. Input that is not already 16 kHz mono 16-bit PCM
/// is resampled to it first.
/// </summary>
public sealed class PocketSphinxTranscriber(FfmpegRunner ffmpeg, PocketSphinxKeywordSpotter spotter, IOptions<MediaOptions> options, IOptions<TranscriptionOptions> transcription) : ITranscriber
{
    public string Name => "pocketsphinx";

    public async Task<Transcript> TranscribeAsync(string wavPath, string workingDirectory, CancellationToken cancellationToken)
    {
        var input16k = wavPath;
        if (!IsSpeechFormat(wavPath))
        {
            input16k = Path.Combine(workingDirectory, "asr-16k.wav");
            await ffmpeg.RunAsync(
                FFMpegArguments.FromFileInput(wavPath).OutputToFile(input16k, overwrite: true, o => o.WithCustomArgument(AudioFormat.WorkingWav(AudioInspector.SpeechSampleRate))),
                "Preparing audio for transcription",
                cancellationToken);
        }

        var (output, _) = await ToolProcess.RunAsync(
            options.Value.PocketSphinxPath,
            ["-infile", input16k, "-time", "yes", "-logfn", "/dev/null"],
            "Transcription",
            cancellationToken);
        var words = Parse(output);
        if (transcription.Value.SpotKeywords)
        {
            var hits = await spotter.SpotAsync(input16k, transcription.Value.KeywordList, workingDirectory, cancellationToken);
            words = KeywordMerge.Into(words, hits);
        }

        return new Transcript(Name, words);
    }

    private static bool IsSpeechFormat(string path)
    {
        try
        {
            var layout = WavLayout.Read(path);
            return layout.SampleRate == AudioInspector.SpeechSampleRate && layout.Channels == 1;
        }
        catch (InvalidMediaException)
        {
            return false;
        }
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
