namespace EpisodeBuilder.Media.Transcription;

/// <summary>
/// How words sound, as the recogniser's dictionary spells them: tells when the words a recogniser wrote over a keyword
/// hit ("in turn") say exactly the keyword's sounds ("intern"), which its language model spells another way.
/// </summary>
public sealed class Pronunciations
{
    /// <summary>The most words the recogniser may have split one keyword into.</summary>
    public const int MaxWordsPerKeyword = 3;

    private readonly IReadOnlyDictionary<string, List<string>> _phones;

    private Pronunciations(IReadOnlyDictionary<string, List<string>> phones) => _phones = phones;

    /// <summary>Pronunciations built from (word, phones) pairs.</summary>
    public static Pronunciations Of(IEnumerable<(string Word, string Phones)> entries) =>
        new(entries.GroupBy(e => e.Word, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => Normalize(e.Phones)).ToList(), StringComparer.Ordinal));

    /// <summary>
    /// The pronunciations of a transcript's keywords and of the recognised words heard over its keyword hits, from the
    /// dictionary at <paramref name="dictionaryPath"/> (with <see cref="PronunciationLexicon.BuiltIn"/> for a keyword it lacks).
    /// </summary>
    public static async Task<Pronunciations> ForKeywordHitsAsync(string dictionaryPath, Transcript transcript, CancellationToken cancellationToken)
    {
        var hits = transcript.KeywordHits ?? [];
        var words = hits.Select(h => h.Text).Concat(hits.SelectMany(h => Over(transcript.Words, h)).Select(w => w.Text)).Select(w => w.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var found = await PronunciationLexicon.ScanAsync(dictionaryPath, words, cancellationToken);
        foreach (var (word, phones) in PronunciationLexicon.BuiltIn.Where(b => words.Contains(b.Key) && !found.ContainsKey(b.Key)))
        {
            found[word] = [phones];
        }

        return Of(found.SelectMany(f => f.Value.Select(p => (f.Key, p))));
    }

    /// <summary>The recognised words whose middles fall inside a keyword hit, in order.</summary>
    public static IReadOnlyList<TranscriptWord> Over(IReadOnlyList<TranscriptWord> words, TranscriptWord hit) =>
        words.Where(w => (w.Start + w.End) / 2 >= hit.Start && (w.Start + w.End) / 2 <= hit.End).OrderBy(w => w.Start).ToList();

    /// <summary>Whether <paramref name="words"/>, said one after another in any of their pronunciations, sound exactly like one of <paramref name="keyword"/>'s.</summary>
    public bool SoundLike(IReadOnlyList<string> words, string keyword)
    {
        if (words.Count == 0 || words.Count > MaxWordsPerKeyword || !_phones.TryGetValue(keyword.ToLowerInvariant(), out var targets))
        {
            return false;
        }

        IEnumerable<string> spoken = [string.Empty];
        foreach (var word in words)
        {
            if (!_phones.TryGetValue(word.ToLowerInvariant(), out var options))
            {
                return false;
            }

            spoken = spoken.SelectMany(s => options.Select(o => s.Length == 0 ? o : s + " " + o)).ToList();
        }

        return spoken.Any(s => targets.Contains(s, StringComparer.Ordinal));
    }

    private static string Normalize(string phones) => string.Join(' ', phones.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
