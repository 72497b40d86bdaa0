using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Transcription;

namespace EpisodeBuilder.Media.Editing;

/// <summary>
/// Plans the edits of a recording from its transcript and measured silences:
/// <list type="bullet">
/// <item>a <b>flubber</b> marker removes itself and the take it retakes: from the start of the phrase before it
/// (the last pause of at least <see cref="EditPlanOptions.PhrasePauseSeconds"/>, at most
/// <see cref="EditPlanOptions.MaxRetakeSeconds"/> back) up to the first word after it, so the retake follows on;</item>
/// <item><b>filler</b> words are cut on their own;</item>
/// <item><b>silences</b> longer than the maximum are shortened to it, keeping half on each side;</item>
/// <item>an <b>intern</b> marker and the request after it (up to the next pause) become a review marker, and are
/// cut from the episode when <see cref="EditPlanOptions.CutInternRequests"/> is on.</item>
/// </list>
/// </summary>
public static class EditPlanner
{
    public static EditPlan Plan(Transcript transcript, IReadOnlyList<TimeRange> silences, EditPlanOptions options, double durationSeconds)
    {
        var words = transcript.Words;
        var cuts = new List<EditCut>();
        var markers = new List<EditMarker>();
        for (var i = 0; i < words.Count; i++)
        {
            var word = Normalize(words[i].Text);
            if (options.CutFlubbers && word == options.FlubberWord)
            {
                var first = PhraseStart(words, i, options);
                var start = first < i ? words[first].Start : words[i].Start;
                var end = i + 1 < words.Count ? words[i + 1].Start : durationSeconds;
                (start, end) = RetakeSpanFromPauses(words, i, silences, options, durationSeconds) ?? (start, end);
                var retaken = string.Join(' ', words.Take(i).Where(w => w.Start >= start - 1e-6).Select(w => w.Text));
                cuts.Add(new EditCut(start, end, CutReason.Flubber, retaken + " [" + words[i].Text + "]"));
                markers.Add(new EditMarker("flubber", start, words[i].End, retaken));
            }
            else if (options.CutFillers && options.Fillers.Contains(word))
            {
                cuts.Add(new EditCut(words[i].Start, words[i].End, CutReason.Filler, words[i].Text));
            }
            else if (word == options.InternWord)
            {
                var last = i;
                while (last + 1 < words.Count && words[last + 1].Start - words[last].End < options.PhrasePauseSeconds)
                {
                    last++;
                }

                var request = string.Join(' ', words.Skip(i + 1).Take(last - i).Select(w => w.Text));
                markers.Add(new EditMarker("intern", words[i].Start, words[last].End, request));
                if (options.CutInternRequests)
                {
                    cuts.Add(new EditCut(words[i].Start, words[last].End, CutReason.Intern, request));
                }

                i = last;
            }
        }

        if (options.MaxSilenceSeconds is { } max)
        {
            foreach (var silence in silences.Where(s => s.Duration > max))
            {
                cuts.Add(new EditCut(silence.Start + (max / 2), silence.End - (max / 2), CutReason.Silence, string.Empty));
            }
        }

        return new EditPlan(durationSeconds, cuts.OrderBy(c => c.Start).ToList(), markers.OrderBy(m => m.Start).ToList());
    }

    /// <summary>
    /// The retake's span from the measured pauses, which a recogniser's word gaps only approximate: from the end of the
    /// phrase pause before the bad take (the take runs up to the pause before the marker) to the end of the pause after
    /// the marker, where the retake starts. Each end snaps to a word that starts within <see cref="SnapSeconds"/> of it.
    /// Null when the pauses do not show the shape (then the word gaps decide).
    /// </summary>
    private static (double Start, double End)? RetakeSpanFromPauses(IReadOnlyList<TranscriptWord> words, int marker, IReadOnlyList<TimeRange> silences, EditPlanOptions options, double durationSeconds)
    {
        var flubber = words[marker];
        var limit = flubber.Start - options.MaxRetakeSeconds;
        var beforeMarker = silences.LastOrDefault(s => s.End <= flubber.Start + SnapSeconds && s.End >= limit);
        if (beforeMarker is null)
        {
            return null;
        }

        var beforeTake = silences.LastOrDefault(s => s.End <= beforeMarker.Start - 0.1 && s.Duration >= options.PhrasePauseSeconds && s.End >= limit);
        var takeStart = beforeTake is null ? (limit <= 0 ? 0 : (double?)null) : Math.Max(beforeTake.Start, beforeTake.End - PauseMarginSeconds);
        if (takeStart is not { } start)
        {
            return null;
        }

        var afterMarker = silences.FirstOrDefault(s => s.Start >= flubber.End - SnapSeconds);
        var end = afterMarker is null ? durationSeconds : Math.Min(durationSeconds, Math.Max(afterMarker.Start, afterMarker.End - PauseMarginSeconds));
        return (Snap(words, start), Snap(words, end));
    }

    /// <summary>
    /// How far before a pause's measured end a span ends: the silence detector's threshold is crossed a little after a
    /// word's soft onset, so ending exactly there would clip the next word.
    /// </summary>
    private const double PauseMarginSeconds = 0.1;

    /// <summary>How far a span's end may move to land on a word's start.</summary>
    private const double SnapSeconds = 0.15;

    private static double Snap(IReadOnlyList<TranscriptWord> words, double time)
    {
        var word = words.FirstOrDefault(w => Math.Abs(w.Start - time) <= SnapSeconds);
        return word?.Start ?? time;
    }

    /// <summary>Index of the first word of the phrase the marker at <paramref name="marker"/> retakes.</summary>
    private static int PhraseStart(IReadOnlyList<TranscriptWord> words, int marker, EditPlanOptions options)
    {
        var limit = words[marker].Start - options.MaxRetakeSeconds;
        var first = marker;

        // The marker itself follows the bad take after a pause; walk back through the take to the pause before it.
        for (var j = marker - 1; j >= 0 && words[j].Start >= limit; j--)
        {
            first = j;
            if (j == 0 || words[j].Start - words[j - 1].End >= options.PhrasePauseSeconds)
            {
                break;
            }
        }

        return first;
    }

    private static string Normalize(string text) =>
        new string(text.Where(char.IsLetter).ToArray()).ToLowerInvariant();
}
