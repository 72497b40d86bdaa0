using System.Globalization;
using EpisodeBuilder.Media.Ffmpeg.Arguments;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Wav;
using FFMpegCore;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Media.Transcription;

/// <summary>
/// Transcribes with Debian's PocketSphinx (<c>pocketsphinx_continuous -time yes</c>, US English model), which
/// prints one line per word: <c>word start end confidence</c>; then listens for the marker words with keyword spotting
/// (<see cref="PocketSphinxKeywordSpotter"/>) and keeps its hits beside the words (<see cref="Transcript.KeywordHits"/>). Input that is not already 16 kHz mono 16-bit PCM
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
                MediaInputs.From(wavPath).OutputToFile(input16k, overwrite: true, o => o.WithArgument(new WorkingWavArgument(AudioInspector.SpeechSampleRate))),
                "Preparing audio for transcription",
                cancellationToken);
        }

        var (output, _) = await ToolProcess.RunAsync(
            options.Value.PocketSphinxPath,
            ["-infile", input16k, "-time", "yes", "-logfn", "/dev/null"],
            "Transcription",
            cancellationToken);
        var words = Parse(output);
        IReadOnlyList<TranscriptWord> hits = [];
        if (transcription.Value.SpotKeywords)
        {
            hits = KeywordHits.Distinct(await spotter.SpotAsync(input16k, transcription.Value.KeywordList, workingDirectory, cancellationToken));
        }

        return new Transcript(Name, words) { KeywordHits = hits };
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

    /// <summary>
    /// Parses word lines, skipping sentence markers, silences and noise, and dropping variant suffixes, into words in time
    /// order. PocketSphinx's voice detection sometimes opens an utterance it never closes (no <c>&lt;/s&gt;</c>, common
    /// under a music bed or steady noise): the words it then prints run on past where the next utterance starts, shifted by
    /// seconds. Such an utterance is dropped whole, since none of its times can be trusted; words of a closed utterance that
    /// a later one hears again are kept once, from the earlier.
    /// </summary>
    public static IReadOnlyList<TranscriptWord> Parse(string output)
    {
        var utterances = new List<(List<TranscriptWord> Words, bool Closed)> { ([], false) };
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
            if (word == "<s>")
            {
                utterances.Add(([], false));
                continue;
            }

            if (word == "</s>")
            {
                utterances[^1] = (utterances[^1].Words, true);
                continue;
            }

            if (word.StartsWith('<') || word.StartsWith('[') || word.StartsWith("++", StringComparison.Ordinal))
            {
                continue;
            }

            var variant = word.IndexOf('(', StringComparison.Ordinal);
            utterances[^1].Words.Add(new TranscriptWord(variant > 0 ? word[..variant] : word, start, end, Math.Clamp(confidence, 0, 1)));
        }

        var heard = utterances.Where(u => u.Words.Count > 0).ToList();
        var words = new List<TranscriptWord>();
        for (var i = 0; i < heard.Count; i++)
        {
            var next = i + 1 < heard.Count ? heard[i + 1].Words[0].Start : double.PositiveInfinity;
            if (!heard[i].Closed && heard[i].Words[^1].Start > next)
            {
                continue;
            }

            var keptUntil = words.Count > 0 ? words[^1].End : double.NegativeInfinity;
            words.AddRange(heard[i].Words.Where(w => w.Start >= keptUntil - 0.01));
        }

        return words;
    }
}
