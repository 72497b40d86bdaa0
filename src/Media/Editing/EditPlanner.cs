using System.Globalization;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Transcription;

namespace EpisodeBuilder.Media.Editing;

/// <summary>
/// Plans the edits of a recording from its transcript and measured pauses. A cut that removes speech needs strong
/// evidence, and each records what it found (<see cref="EditCut.Evidence"/>); what falls short becomes a suggestion that
/// only a reviewer can apply:
/// <list type="bullet">
/// <item>a <b>marker</b> ("flubber", "intern") is a word of a supplied transcript, or a keyword-spotting hit standing
/// alone between two pauses, or heard by the recogniser too (as the marker, or as words that sound exactly like it) with a
/// pause beside it;</item>
/// <item>a <b>flubber</b> retake is confirmed when the words after the marker say again the words of the take before it
/// (<see cref="RetakeMatch"/>), or, where the recogniser's words cannot tell, what follows the marker sounds like the take
/// (<see cref="AcousticRepeat"/>); the cut runs from inside the pause before the take to the end of the pause after the
/// marker, never into the retake;</item>
/// <item>an <b>intern</b> request runs from the marker to the next pause, within <see cref="EditPlanOptions.MaxRequestSeconds"/>;</item>
/// <item><b>fillers</b> are cut where the recogniser is sure of them and speech is close on both sides;</item>
/// <item><b>silences</b> longer than the maximum are shortened to it, keeping half on each side;</item>
/// <item>in a build nobody reviews, marker and filler cuts together remove at most
/// <see cref="EditPlanOptions.MaxAutomaticShare"/> of the speech: past it they all become suggestions.</item>
/// </list>
/// </summary>
public static class EditPlanner
{
    /// <summary>How far before a pause's measured end a cut ends: the detector crosses its threshold a little after a soft onset.</summary>
    private const double OnsetMarginSeconds = 0.1;

    /// <summary>
    /// How long before a spoken marker's end the keyword spotter's hit typically ends: it places the start well (within
    /// 0.1 s either way) and the end early, by 0 to 0.35 s (0.15 s at the median), so the pause after it is looked for from there.
    /// </summary>
    private const double SpotterEndLagSeconds = 0.15;

    /// <summary>
    /// The plan for a recording: <paramref name="silences"/> (below -40 dB) are what long-silence cuts shorten; they and the
    /// <paramref name="pauses"/> (relative to the recording's noise floor, see <see cref="Pauses"/>) are the edges markers
    /// and takes are judged by; <paramref name="audio"/>, where given, lets a retake the recogniser's words cannot confirm
    /// be confirmed by its sound; <paramref name="sounds"/>, where given, lets the recogniser confirm a keyword hit it wrote
    /// as other words that sound the same ("in turn" for "intern").
    /// </summary>
    public static EditPlan Plan(Transcript transcript, IReadOnlyList<TimeRange> silences, EditPlanOptions options, double durationSeconds, IReadOnlyList<TimeRange>? pauses = null, ISpeechAudio? audio = null, Pronunciations? sounds = null)
    {
        var edges = new Pauses(silences, pauses ?? [], transcript, options.PhrasePauseSeconds, durationSeconds);
        var markerWords = new HashSet<string>([options.FlubberWord, options.InternWord], StringComparer.Ordinal);

        // Words of a supplied transcript include the markers; a recogniser's words do not (its markers are the spotter's hits).
        var ordinary = transcript.Words.Where(w => !markerWords.Contains(RetakeMatch.Normalize(w.Text))).ToList();
        var candidates = transcript.Recognised
            ? transcript.KeywordHits!.Where(h => markerWords.Contains(RetakeMatch.Normalize(h.Text))).ToList()
            : transcript.Words.Where(w => markerWords.Contains(RetakeMatch.Normalize(w.Text))).ToList();

        var cuts = new List<EditCut>();
        var markers = new List<EditMarker>();
        var coveredUntil = double.NegativeInfinity;
        foreach (var candidate in candidates.OrderBy(c => c.Start))
        {
            if (candidate.Start < coveredUntil)
            {
                continue;
            }

            var around = edges.Around(candidate);
            var heard = MarkerEvidence(candidate, transcript, around, options, sounds);
            if (heard is null)
            {
                continue;
            }

            var kind = RetakeMatch.Normalize(candidate.Text);
            var (cut, marker) = kind == options.FlubberWord
                ? Retake(candidate, heard.Value, ordinary, around, options, durationSeconds, audio)
                : Request(candidate, heard.Value, ordinary, around, options);
            if (marker is null)
            {
                continue;
            }

            markers.Add(marker);
            if (cut is not null && (kind == options.FlubberWord ? options.CutFlubbers : options.CutInternRequests))
            {
                cuts.Add(cut);

                // A marker inside a confirmed cut goes with it; a suggestion hides nothing after it.
                if (cut.Confidence == CutConfidence.Confirmed)
                {
                    coveredUntil = Math.Max(coveredUntil, cut.End);
                }
            }
        }

        if (options.CutFillers)
        {
            cuts.AddRange(Fillers(transcript.Words, options));
        }

        cuts = Capped(cuts, edges, options, durationSeconds);
        if (options.MaxSilenceSeconds is { } max)
        {
            foreach (var silence in silences.Where(s => s.Duration > max))
            {
                cuts.Add(new EditCut(silence.Start + (max / 2), silence.End - (max / 2), CutReason.Silence, string.Empty) { Evidence = [new("silence", Round(silence.Duration))] });
            }
        }

        var applied = cuts.Where(c => c.Confidence == CutConfidence.Confirmed).OrderBy(c => c.Start).ToList();
        var suggested = cuts.Where(c => c.Confidence == CutConfidence.Suggested).OrderBy(c => c.Start).ToList();
        return new EditPlan(durationSeconds, applied, markers.OrderBy(m => m.Start).ToList()) { Suggestions = suggested };
    }

    /// <summary>
    /// The evidence that a marker was said, and whether it is enough to act on (a word of a supplied transcript; a hit
    /// alone between two pauses; a hit the recogniser heard too, as the marker or as words that sound exactly like it,
    /// with a pause beside it). Null for a hit inside running speech that nothing else supports: a spotter's false alarm,
    /// not worth a reviewer's time.
    /// </summary>
    private static (List<CutEvidence> Evidence, bool Strong, TimeRange? Before, TimeRange? After)? MarkerEvidence(TranscriptWord candidate, Transcript transcript, Pauses pauses, EditPlanOptions options, Pronunciations? sounds)
    {
        var before = pauses.EndingNear(candidate.Start, options.MarkerPauseReachSeconds);
        var after = pauses.StartingNear(transcript.Recognised ? candidate.End + SpotterEndLagSeconds : candidate.End, options.MarkerPauseReachSeconds);
        var evidence = new List<CutEvidence>();
        if (!transcript.Recognised)
        {
            evidence.Add(new("transcript", 1));
            AddPauses(evidence, before, after);
            return (evidence, true, before, after);
        }

        evidence.Add(new("keyword", Round(candidate.Confidence)));
        var middle = (candidate.Start + candidate.End) / 2;
        var decoded = transcript.Words.FirstOrDefault(w => w.Start <= middle && w.End >= middle && RetakeMatch.Normalize(w.Text) == RetakeMatch.Normalize(candidate.Text));
        var recognised = decoded is not null;
        if (decoded is not null)
        {
            evidence.Add(new("decoder", Round(decoded.Confidence)));
        }
        else if (sounds is not null && Pronunciations.Over(transcript.Words, candidate) is { Count: > 0 } over && sounds.SoundLike(over.Select(w => w.Text).ToList(), candidate.Text))
        {
            evidence.Add(new("decoder-alike", Round(over.Min(w => w.Confidence))));
            recognised = true;
        }

        AddPauses(evidence, before, after);
        var strong = (before is not null && after is not null) || (recognised && (before is not null || after is not null));
        var weak = before is not null || after is not null;
        return strong || weak ? (evidence, strong, before, after) : null;
    }

    private static void AddPauses(List<CutEvidence> evidence, TimeRange? before, TimeRange? after)
    {
        if (before is not null)
        {
            evidence.Add(new("pause-before", Round(before.Duration)));
        }

        if (after is not null)
        {
            evidence.Add(new("pause-after", Round(after.Duration)));
        }
    }

    /// <summary>
    /// A flubber's retake: the take is the words from a pause before the marker up to it, chosen where the words after the
    /// marker repeat it best; where the words do not confirm any take (a recogniser mishears them) and the audio is at
    /// hand, where what follows the marker sounds most like it (<see cref="AcousticRepeat"/>). The cut starts halfway into
    /// that pause and ends just before the retake's first sound.
    /// </summary>
    private static (EditCut? Cut, EditMarker? Marker) Retake(
        TranscriptWord flubber, (List<CutEvidence> Evidence, bool Strong, TimeRange? Before, TimeRange? After) heard,
        IReadOnlyList<TranscriptWord> words, Pauses pauses, EditPlanOptions options, double durationSeconds, ISpeechAudio? audio)
    {
        var takeEnd = heard.Before?.Start ?? flubber.Start;
        var resume = heard.After?.End ?? flubber.End;
        var after = words.Where(w => w.Start >= resume - OnsetMarginSeconds - 0.05 && w.Start <= resume + options.MaxRetakeSeconds).ToList();

        // Every pause that could open the take, latest first; keep the one whose take the retake repeats best (on a tie, the shorter take).
        (TimeRange Pause, List<TranscriptWord> Take, RetakeMatch Match)? best = null;
        foreach (var pause in pauses.EndingBetween(flubber.Start - options.MaxRetakeSeconds, takeEnd - 0.05))
        {
            var take = words.Where(w => Middle(w) >= pause.End && Middle(w) < takeEnd).ToList();
            var match = RetakeMatch.Of(take, after);
            if (take.Count > 0 && (best is null || match.Share > best.Value.Match.Share))
            {
                best = (pause, take, match);
            }
        }

        var evidence = heard.Evidence.ToList();
        if (best is not { } wordBest || !wordBest.Match.Confirms(options.MinRepeatShare))
        {
            if (audio is not null && heard.Strong && heard.After is not null && SoundsRepeated(flubber, takeEnd, resume, words, pauses, options, audio) is { } heardAgain)
            {
                evidence.Add(new("repeat", Round(heardAgain.Match.Share)));
                evidence.Add(new("sound-repeat", Round(1 - heardAgain.Ratio)));
                return Confirmed(heardAgain.Pause, heardAgain.Take);
            }
        }

        string? doubt = null;
        double start;
        if (best is { } found)
        {
            evidence.Add(new("repeat", Round(found.Match.Share)));
            start = found.Pause.Start + (found.Pause.Duration / 2);
            if (!found.Match.Confirms(options.MinRepeatShare))
            {
                doubt = string.Create(CultureInfo.InvariantCulture, $"the words after the marker repeat {found.Match.Shared} of the {found.Match.TakeWords} words before it");
            }
        }
        else
        {
            start = Math.Max(0, flubber.Start - 2);
            doubt = "no pause before the marker opens a take to remove";
        }

        if (heard.After is null)
        {
            doubt ??= "no pause after the marker shows where the retake starts";
        }

        if (!heard.Strong)
        {
            // A spotter hit beside one pause is common in ordinary talk; it is worth a reviewer's time only when the words
            // after it repeat some of the words before it.
            if (best is not { } weak || weak.Match.Share < options.MinSuggestedRepeatShare)
            {
                return (null, null);
            }

            doubt = "the marker was heard only by keyword spotting, with a pause on one side";
        }

        return Cut(start, best?.Take ?? [], doubt);

        (EditCut? Cut, EditMarker? Marker) Confirmed(TimeRange pause, List<TranscriptWord> take) => Cut(pause.Start + (pause.Duration / 2), take, null);

        (EditCut? Cut, EditMarker? Marker) Cut(double start, List<TranscriptWord> take, string? doubt)
        {
            var end = heard.After is { } pauseAfter ? Math.Max(pauseAfter.Start, pauseAfter.End - OnsetMarginSeconds) : Math.Min(durationSeconds, flubber.End);
            var retaken = string.Join(' ', take.Select(w => w.Text));
            var cut = new EditCut(start, end, CutReason.Flubber, (retaken + " [" + flubber.Text + "]").Trim())
            {
                Confidence = doubt is null ? CutConfidence.Confirmed : CutConfidence.Suggested,
                Evidence = evidence,
                Doubt = doubt,
            };
            return (cut, new EditMarker("flubber", start, flubber.End, retaken, Suggested: doubt is not null));
        }
    }

    /// <summary>
    /// The take that what follows the marker sounds most like, among those a pause opens, when it does by at least
    /// <see cref="AcousticRepeat.MinimumMargin"/>; null when none does.
    /// </summary>
    private static (TimeRange Pause, List<TranscriptWord> Take, RetakeMatch Match, double Ratio)? SoundsRepeated(
        TranscriptWord flubber, double takeEnd, double resume, IReadOnlyList<TranscriptWord> words, Pauses pauses, EditPlanOptions options, ISpeechAudio audio)
    {
        var after = words.Where(w => w.Start >= resume - OnsetMarginSeconds - 0.05 && w.Start <= resume + options.MaxRetakeSeconds).ToList();
        (TimeRange Pause, List<TranscriptWord> Take, RetakeMatch Match, double Ratio)? best = null;
        foreach (var pause in pauses.EndingBetween(flubber.Start - options.MaxRetakeSeconds, takeEnd - 0.05))
        {
            if (AcousticRepeat.Ratio(audio, pause.End, takeEnd, resume) is { } ratio && (best is null || ratio < best.Value.Ratio))
            {
                var take = words.Where(w => Middle(w) >= pause.End && Middle(w) < takeEnd).ToList();
                best = (pause, take, RetakeMatch.Of(take, after), ratio);
            }
        }

        return best is { } found && found.Ratio <= 1 - AcousticRepeat.MinimumMargin ? found : null;
    }

    /// <summary>An intern request: the marker and what follows it up to the next pause, cut from inside the pause before it to the middle of the pause after it.</summary>
    private static (EditCut? Cut, EditMarker? Marker) Request(
        TranscriptWord intern, (List<CutEvidence> Evidence, bool Strong, TimeRange? Before, TimeRange? After) heard,
        IReadOnlyList<TranscriptWord> words, Pauses pauses, EditPlanOptions options)
    {
        var ends = pauses.FirstStartingBetween(intern.End + 0.2, intern.Start + options.MaxRequestSeconds, options.PhrasePauseSeconds);
        var requestEnd = ends?.Start ?? words.Where(w => w.Start >= intern.End && w.Start < intern.Start + options.MaxRequestSeconds).Select(w => w.End).DefaultIfEmpty(intern.End).Max();
        var request = string.Join(' ', words.Where(w => Middle(w) > intern.End && Middle(w) < requestEnd).Select(w => w.Text));
        string? doubt = null;
        if (heard.Before is null)
        {
            doubt = "no pause before the marker: it may be part of another word";
        }
        else if (!heard.Strong)
        {
            doubt = "the marker was heard only by keyword spotting";
        }
        else if (ends is null)
        {
            doubt = string.Create(CultureInfo.InvariantCulture, $"no pause ends the request within {options.MaxRequestSeconds:0.#} s");
        }

        var start = heard.Before is { } before ? before.Start + (before.Duration / 2) : intern.Start;
        var end = ends is { } pause ? pause.Start + (pause.Duration / 2) : requestEnd;
        var cut = new EditCut(start, end, CutReason.Intern, request)
        {
            Confidence = doubt is null ? CutConfidence.Confirmed : CutConfidence.Suggested,
            Evidence = heard.Evidence,
            Doubt = doubt,
        };
        return (cut, new EditMarker("intern", intern.Start, requestEnd, request, Suggested: doubt is not null));
    }

    /// <summary>Fillers the recogniser is sure of, short, with speech close on both sides; other filler words are suggestions.</summary>
    private static IEnumerable<EditCut> Fillers(IReadOnlyList<TranscriptWord> words, EditPlanOptions options)
    {
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (!options.Fillers.Contains(RetakeMatch.Normalize(word.Text)))
            {
                continue;
            }

            var gapBefore = i > 0 ? word.Start - words[i - 1].End : double.PositiveInfinity;
            var gapAfter = i + 1 < words.Count ? words[i + 1].Start - word.End : double.PositiveInfinity;
            string? doubt = null;
            if (word.Confidence < options.MinFillerConfidence)
            {
                doubt = string.Create(CultureInfo.InvariantCulture, $"the recogniser is only {word.Confidence:P0} sure of it");
            }
            else if (word.End - word.Start > options.MaxFillerSeconds)
            {
                doubt = "too long for a filler";
            }
            else if (gapBefore > options.MaxFillerGapSeconds || gapAfter > options.MaxFillerGapSeconds)
            {
                doubt = "not inside a sentence";
            }

            yield return new EditCut(word.Start, word.End, CutReason.Filler, word.Text)
            {
                Confidence = doubt is null ? CutConfidence.Confirmed : CutConfidence.Suggested,
                Evidence = [new("decoder", Round(word.Confidence))],
                Doubt = doubt,
            };
        }
    }

    /// <summary>In a build nobody reviews, marker and filler cuts that would remove more than the allowed share of the speech all become suggestions.</summary>
    private static List<EditCut> Capped(List<EditCut> cuts, Pauses pauses, EditPlanOptions options, double durationSeconds)
    {
        if (options.MaxAutomaticShare is not { } share)
        {
            return cuts;
        }

        var speech = Math.Max(0, durationSeconds - pauses.All.Sum(p => p.Duration));
        var removed = TimeRange.Merge(cuts.Where(c => c.Confidence == CutConfidence.Confirmed).Select(c => c.Range)).Sum(r => r.Duration);
        if (removed <= share * speech)
        {
            return cuts;
        }

        var doubt = string.Create(CultureInfo.InvariantCulture, $"together the cuts would remove {removed / Math.Max(speech, 1e-9):P1} of the speech, more than the {share:P0} an unreviewed build may");
        return cuts.Select(c => c.Confidence == CutConfidence.Confirmed ? c with { Confidence = CutConfidence.Suggested, Doubt = doubt } : c).ToList();
    }

    private static double Middle(TranscriptWord word) => (word.Start + word.End) / 2;

    private static double Round(double value) => Math.Round(value, 3);
}
