namespace EpisodeBuilder.Media.Editing;

/// <summary>
/// Chapters from the episode's structure: one per part of the timeline (the intro, each generated segment titled by its
/// text, the content under the episode's title, the outro). Producer notes (intern requests) are instructions to the
/// team, not to listeners, so they never become chapters. Chapters closer than <see cref="MinimumSeconds"/> to the one
/// before are dropped, so players do not show slivers.
/// </summary>
public static class ChapterPlanner
{
    /// <summary>The shortest chapter kept.</summary>
    public const double MinimumSeconds = 1.0;

    /// <summary>The longest title, in characters (longer ones end at a word, with an ellipsis).</summary>
    public const int MaxTitle = 80;

    /// <param name="timeline">The episode's parts.</param>
    /// <param name="contentTitle">The title for the content (the episode's).</param>
    /// <param name="segmentTexts">Each generated segment's text, by id.</param>
    public static IReadOnlyList<Chapter> Plan(EpisodeTimeline timeline, string contentTitle, IReadOnlyDictionary<string, string> segmentTexts)
    {
        var candidates = new List<Chapter>();
        foreach (var part in timeline.Parts)
        {
            var title = part.Kind switch
            {
                TimelinePartKind.Intro => "Intro",
                TimelinePartKind.Outro => "Outro",
                TimelinePartKind.Segment => part.SegmentId is not null && segmentTexts.TryGetValue(part.SegmentId, out var text) ? Shorten(text) : "Segment",
                _ => part.ContentStart <= 0 ? Shorten(contentTitle) : null,
            };
            if (title is not null)
            {
                candidates.Add(new Chapter(part.Start, title));
            }
        }

        var chapters = new List<Chapter>();
        foreach (var chapter in candidates.OrderBy(c => c.Start))
        {
            if (chapter.Start >= timeline.DurationSeconds - MinimumSeconds && chapters.Count > 0)
            {
                continue;
            }

            if (chapters.Count > 0 && chapter.Start - chapters[^1].Start < MinimumSeconds)
            {
                continue;
            }

            chapters.Add(chapter with { Start = Math.Round(Math.Max(0, chapter.Start), 3) });
        }

        if (chapters.Count > 0 && chapters[0].Start > 0)
        {
            chapters[0] = chapters[0] with { Start = 0 };
        }

        return chapters;
    }

    private static string Shorten(string text)
    {
        var collapsed = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (collapsed.Length <= MaxTitle)
        {
            return collapsed;
        }

        var cut = collapsed.LastIndexOf(' ', MaxTitle - 1);
        return collapsed[..(cut > 0 ? cut : MaxTitle - 1)] + "…";
    }
}
