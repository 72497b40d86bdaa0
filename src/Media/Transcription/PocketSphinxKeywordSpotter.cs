using System.Globalization;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Media.Transcription;

/// <summary>
/// Listens for known marker words ("flubber", "intern") with PocketSphinx's keyword spotting search
/// (<c>-kws</c>), which is made for hearing one known phrase and hears them where the general language model does not
/// (it has no "flubber"). It scores every <see cref="TranscriptionOptions.KeywordFrameStep"/>th frame (<c>-ds</c>):
/// on the 10-minute benchmark recording every 2nd frame heard the same 4 of 5 retakes and 1 of 2 intern requests as
/// every frame, in 10.2 s instead of 17.5 s (a twentieth of a transcription pass instead of a tenth). Pronunciations come from the model's
/// dictionary, with the few marker words it lacks built in.
/// </summary>
public sealed class PocketSphinxKeywordSpotter(IOptions<MediaOptions> media, IOptions<TranscriptionOptions> options)
{
    /// <summary>Hits for <paramref name="keywords"/> (each with its threshold) in a 16 kHz mono WAV, with their times, in order.</summary>
    public async Task<IReadOnlyList<TranscriptWord>> SpotAsync(string speechWav, IReadOnlyList<(string Word, string Threshold)> keywords, string workingDirectory, CancellationToken cancellationToken)
    {
        var pronunciations = await PronunciationsAsync(keywords.Select(k => k.Word).ToList(), cancellationToken);
        var thresholds = keywords.GroupBy(k => k.Word).ToDictionary(g => g.Key, g => g.First().Threshold, StringComparer.Ordinal);
        if (pronunciations.Count == 0)
        {
            return [];
        }

        var dictionary = Path.Combine(workingDirectory, "keywords.dict");
        var list = Path.Combine(workingDirectory, "keywords.txt");
        await File.WriteAllLinesAsync(dictionary, pronunciations.Select(p => $"{p.Key} {p.Value}"), cancellationToken);
        await File.WriteAllLinesAsync(list, pronunciations.Keys.Select(k => $"{k} /{thresholds[k]}/"), cancellationToken);
        var (output, _) = await ToolProcess.RunAsync(
            media.Value.PocketSphinxPath,
            ["-infile", speechWav, "-kws", list, "-dict", dictionary, "-ds", options.Value.KeywordFrameStep.ToString(CultureInfo.InvariantCulture), "-time", "yes", "-logfn", "/dev/null"],
            "Keyword spotting",
            cancellationToken);
        return Parse(output, pronunciations.Keys);
    }

    /// <summary>Parses <c>word start end probability</c> lines (the search also prints bare hypothesis lines, skipped).</summary>
    public static IReadOnlyList<TranscriptWord> Parse(string output, IEnumerable<string> keywords)
    {
        var wanted = keywords.ToHashSet(StringComparer.Ordinal);
        var hits = new List<TranscriptWord>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 4 && wanted.Contains(parts[0])
                && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var start)
                && double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var end)
                && double.TryParse(parts[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var probability))
            {
                hits.Add(new TranscriptWord(parts[0], start, end, Math.Clamp(probability, 0, 1)));
            }
        }

        return hits.OrderBy(h => h.Start).ToList();
    }

    /// <summary>
    /// The pronunciations found for a keyword set, kept: the model's dictionary is 3 MB and every chunk asks. The lookup
    /// itself is kept, so chunks that ask at once (they start together) share one scan.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<Dictionary<string, string>>> _pronunciations = new(StringComparer.Ordinal);

    internal async Task<Dictionary<string, string>> PronunciationsAsync(IReadOnlyList<string> keywords, CancellationToken cancellationToken)
    {
        var cacheKey = string.Join(',', keywords);
        // The shared scan is not canceled by one caller (it takes a fraction of a second); each caller stops waiting on its own token.
        var lookup = _pronunciations.GetOrAdd(cacheKey, _ => LookUpAsync(keywords, CancellationToken.None));
        try
        {
            return await lookup.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lookup.IsFaulted)
        {
            // A failed scan (an unreadable dictionary) is not kept: the next chunk tries again.
            _pronunciations.TryRemove(new KeyValuePair<string, Task<Dictionary<string, string>>>(cacheKey, lookup));
            throw;
        }
    }

    /// <summary>The first pronunciation of each keyword in the model's dictionary, or built in when the dictionary lacks it.</summary>
    private async Task<Dictionary<string, string>> LookUpAsync(IReadOnlyList<string> keywords, CancellationToken cancellationToken)
    {
        var scanned = await PronunciationLexicon.ScanAsync(options.Value.DictionaryPath, keywords, cancellationToken);
        var found = scanned.ToDictionary(p => p.Key, p => p.Value[0], StringComparer.Ordinal);
        foreach (var word in keywords.Select(k => k.Trim().ToLowerInvariant()).Where(w => !found.ContainsKey(w) && PronunciationLexicon.BuiltIn.ContainsKey(w)))
        {
            found[word] = PronunciationLexicon.BuiltIn[word];
        }

        return found;
    }
}
