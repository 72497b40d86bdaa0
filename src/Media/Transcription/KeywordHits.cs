namespace EpisodeBuilder.Media.Transcription;

/// <summary>
/// What keyword spotting heard, made ready to keep beside a transcript's words: one hit per utterance. The hits never
/// replace the recogniser's words, because a spotter listening for one phrase also fires on words that sound like it
/// ("internal", "rubber"); the edit planner weighs each hit against the words and pauses around it.
/// </summary>
public static class KeywordHits
{
    /// <summary>The hits in time order, two that overlap (one utterance heard twice) reduced to the more probable.</summary>
    public static IReadOnlyList<TranscriptWord> Distinct(IEnumerable<TranscriptWord> hits)
    {
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

        return kept;
    }
}
