namespace EpisodeBuilder.Media.Transcription;

/// <summary>
/// Puts keyword-spotting hits into a transcript: each hit replaces the words the general recogniser heard in its place
/// (a word whose middle falls inside the hit), so a "flubber" misheard as "oh" becomes "flubber" at the spotted time.
/// </summary>
public static class KeywordMerge
{
    public static IReadOnlyList<TranscriptWord> Into(IReadOnlyList<TranscriptWord> words, IReadOnlyList<TranscriptWord> hits)
    {
        if (hits.Count == 0)
        {
            return words;
        }

        // Two hits that overlap are one utterance heard twice: keep the more probable.
        var kept = new List<TranscriptWord>();
        foreach (var hit in hits.OrderBy(h => h.Start))
        {
            if (kept.Count > 0 && hit.Start < kept[^1].End)
            {
                if (hit.Confidence > kept[^1].Confidence)
                {
                    kept[^1] = hit;
                }

                continue;
            }

            kept.Add(hit);
        }

        var merged = words.Where(w => !kept.Any(h => Covers(h, w))).Concat(kept).OrderBy(w => w.Start).ToList();
        return merged;
    }

    private static bool Covers(TranscriptWord hit, TranscriptWord word)
    {
        var middle = (word.Start + word.End) / 2;
        return middle >= hit.Start && middle <= hit.End;
    }
}
