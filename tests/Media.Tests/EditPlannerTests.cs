using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Transcription;

namespace EpisodeBuilder.Media.Tests;

public sealed class EditPlannerTests
{
    /// <summary>Builds words from "word@start-end" or "word@start-end~confidence" tokens.</summary>
    private static List<TranscriptWord> Parse(params string[] tokens) => tokens.Select(t =>
    {
        var at = t.IndexOf('@', StringComparison.Ordinal);
        var rest = t[(at + 1)..].Split('~');
        var times = rest[0].Split('-');
        var confidence = rest.Length > 1 ? Number(rest[1]) : 1;
        return new TranscriptWord(t[..at], Number(times[0]), Number(times[1]), confidence);
    }).ToList();

    private static double Number(string text) => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A supplied transcript: its words are exact, markers included.</summary>
    private static Transcript Words(params string[] tokens) => new("test", Parse(tokens));

    /// <summary>A recogniser's transcript: its words, and the keyword spotter's hits kept apart.</summary>
    private static Transcript Heard(string[] words, params string[] hits) => new("pocketsphinx", Parse(words)) { KeywordHits = Parse(hits) };

    private static readonly EditPlanOptions NoSilence = new() { MaxSilenceSeconds = null, MaxAutomaticShare = null };

    [Fact]
    public void Flubber_cuts_the_take_the_words_after_it_repeat_from_inside_the_pause_before_to_the_retake()
    {
        var transcript = Words("welcome@0.0-0.5", "today@1.3-1.5", "we@1.55-1.7", "talk@1.75-2.0", "flubber@2.8-3.2", "today@4.0-4.3", "we@4.35-4.5", "talk@4.55-4.8");

        var plan = EditPlanner.Plan(transcript, [], NoSilence, 5);

        var cut = Assert.Single(plan.Cuts);
        Assert.Equal((0.9, 3.9, CutReason.Flubber, CutConfidence.Confirmed), (cut.Start, cut.End, cut.Reason, cut.Confidence), new Tolerance());
        Assert.Equal("today we talk [flubber]", cut.Text);
        Assert.Contains(cut.Evidence, e => e.Signal == "repeat" && e.Score == 1);
        Assert.Equal("flubber", Assert.Single(plan.Markers).Kind);
    }

    [Fact]
    public void Flubber_whose_next_words_do_not_repeat_the_take_is_only_suggested()
    {
        var transcript = Words("welcome@0.0-0.5", "today@1.3-1.5", "we@1.55-1.7", "talk@1.75-2.0", "flubber@2.8-3.2", "anyway@4.0-4.3", "moving@4.35-4.6", "on@4.65-4.8");

        var plan = EditPlanner.Plan(transcript, [], NoSilence, 5);

        Assert.Empty(plan.Cuts);
        var suggestion = Assert.Single(plan.Suggestions);
        Assert.Equal((CutReason.Flubber, CutConfidence.Suggested), (suggestion.Reason, suggestion.Confidence));
        Assert.Contains("repeat 0 of the 3 words", suggestion.Doubt, StringComparison.Ordinal);
        Assert.True(Assert.Single(plan.Markers).Suggested);
    }

    [Fact]
    public void Flubber_take_reaches_back_no_further_than_the_limit()
    {
        var transcript = Words("a@0.0-0.3", "b@0.7-0.9", "c@1.3-1.5", "d@1.9-2.1", "flubber@2.5-2.8", "c@3.2-3.4", "d@3.45-3.6");

        var plan = EditPlanner.Plan(transcript, [], NoSilence with { MaxRetakeSeconds = 1.0 }, 4);

        var cut = Assert.Single(plan.Cuts);
        Assert.InRange(cut.Start, 1.5, 1.9);
        Assert.Equal("d [flubber]", cut.Text);
    }

    [Fact]
    public void A_spotted_flubber_inside_running_speech_cuts_nothing()
    {
        // "three weeks on a patron": the spotter fires on it, but no pause stands on either side of the hit.
        var transcript = Heard(["we've@10.4-10.7", "spent@10.7-11.1", "three@11.2-11.3", "weeks@11.35-11.6", "on@11.65-11.75", "a@11.76-11.8", "patron@11.81-12.3"], "flubber@11.58-11.79~0.8");

        var plan = EditPlanner.Plan(transcript, [new TimeRange(9.9, 10.4)], NoSilence, 13);

        Assert.Empty(plan.Cuts);
        Assert.Empty(plan.Suggestions);
        Assert.Empty(plan.Markers);
    }

    [Fact]
    public void A_spotted_flubber_between_two_pauses_with_its_take_repeated_is_cut_and_says_why()
    {
        var transcript = Heard(
            ["the@1.0-1.1", "outage@1.15-1.5", "lasted@1.55-1.9", "three@1.95-2.2", "hours@2.25-2.6", "the@4.1-4.2", "outage@4.25-4.6", "lasted@4.65-5.0", "two@5.05-5.3", "hours@5.35-5.7"],
            "flubber@3.05-3.4~0.81");
        TimeRange[] silences = [new(0, 0.95), new(2.65, 3.0), new(3.45, 4.05), new(5.75, 6.5)];

        var plan = EditPlanner.Plan(transcript, silences, NoSilence, 6.5);

        var cut = Assert.Single(plan.Cuts);
        Assert.Equal(CutConfidence.Confirmed, cut.Confidence);
        Assert.Equal(0.475, cut.Start, 3);
        Assert.Equal(3.95, cut.End, 3);
        Assert.Equal(["keyword", "pause-before", "pause-after", "repeat"], cut.Evidence.Select(e => e.Signal));
        Assert.Null(cut.Doubt);
    }

    [Theory]
    [InlineData("the outage lasted two hours", true)]
    [InlineData("anyway we moved on quickly", false)]
    public void A_spotted_flubber_beside_one_pause_is_suggested_only_when_some_of_the_take_is_said_again(string after, bool suggested)
    {
        // A pause before the hit, none after it: the spotter alone, on one side.
        var words = new List<string> { "the@1.0-1.1", "outage@1.15-1.5", "lasted@1.55-1.9", "three@1.95-2.2", "hours@2.25-2.6" };
        var at = 3.45;
        foreach (var word in after.Split(' '))
        {
            words.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{word}@{at:0.00}-{at + 0.3:0.00}"));
            at += 0.35;
        }

        var transcript = Heard([.. words], "flubber@3.05-3.4~0.81");

        var plan = EditPlanner.Plan(transcript, [new(0, 0.95), new(2.65, 3.0), new(6.0, 7.0)], NoSilence, 7);

        Assert.Empty(plan.Cuts);
        Assert.Equal(suggested, plan.Suggestions.Any(s => s.Reason == CutReason.Flubber));
        Assert.Equal(suggested, plan.Markers.Count == 1);
    }

    [Fact]
    public void A_spotted_intern_that_follows_another_word_is_never_cut()
    {
        // "our internal rule": the recogniser hears "intern" too, but no pause comes before it.
        var transcript = Heard(["spreadsheet@20.2-21.1", "our@21.47-21.8", "intern@21.81-22.1~0.03", "or@22.12-22.28", "lived@22.29-22.67"], "intern@21.8-22.11~0.88");

        var plan = EditPlanner.Plan(transcript, [new TimeRange(21.13, 21.46), new TimeRange(23.07, 23.33)], NoSilence, 24);

        Assert.Empty(plan.Cuts);
        Assert.Empty(plan.Suggestions);
        Assert.Empty(plan.Markers);
    }

    [Fact]
    public void A_pause_found_under_music_inside_a_recognised_word_does_not_isolate_a_marker_enough_to_cut()
    {
        // "but the internet is full": under a music bed the level detector took "the" and "is" for quiet, which would
        // leave the spotter's "intern" standing between two pauses; the recogniser heard those words, so they are not pauses.
        var transcript = Heard(["but@9.95-10.36", "the@10.52-10.84", "internet@10.85-11.32", "is@11.33-11.44", "full@11.45-11.76", "of@11.77-11.92", "advice@11.93-12.4"], "intern@10.89-11.12~0.87");
        TimeRange[] relative = [new(10.02, 10.78), new(11.27, 11.65), new(13.76, 14.68)];

        var plan = EditPlanner.Plan(transcript, [], NoSilence, 15, relative);

        // "full" breaks the quiet after the hit; "is", quiet from end to end, may leave a suggestion, never a cut.
        Assert.Empty(plan.Cuts);
        Assert.All(plan.Markers, m => Assert.True(m.Suggested));
    }

    [Fact]
    public void A_word_heard_in_the_music_of_the_pause_after_a_flubber_does_not_hide_that_pause()
    {
        // Under a music bed the spotter's hit ends early and the recogniser hears the marker's tail and the bed as "am",
        // lying whole inside the quiet measured after the marker.
        var transcript = Heard(
            ["we@40.9-41.0", "moved@41.02-41.3", "the@41.32-41.4", "database@41.42-42.1", "am@43.82-44.2~0.32", "we@44.5-44.6", "moved@44.62-44.9", "the@44.92-45.0", "database@45.02-45.7", "to@45.72-45.8", "a@45.82-45.9", "bigger@45.92-46.3", "machine@46.32-46.9"],
            "flubber@43.29-43.61~0.82");
        TimeRange[] relative = [new(40.17, 40.92), new(42.42, 43.38), new(43.7, 44.46), new(47.0, 47.8)];

        var plan = EditPlanner.Plan(transcript, [], NoSilence, 48, relative);

        var cut = Assert.Single(plan.Cuts);
        Assert.Equal(CutConfidence.Confirmed, cut.Confidence);
        Assert.Equal(40.545, cut.Start, 3);
        Assert.Equal(44.36, cut.End, 3);
        Assert.Contains(cut.Evidence, e => e.Signal == "pause-after");
    }

    [Fact]
    public void A_word_the_recogniser_stretched_over_the_pause_before_a_flubber_does_not_hide_that_pause()
    {
        // "our" ends at 61.09 s, but the recogniser's "evan" runs on to 61.54 s, through 0.45 s of the quiet before the marker.
        var transcript = Heard(
            ["really@59.36-59.63", "little@59.64-59.87", "to@59.88-59.99", "that@60.0-60.2", "evan@60.82-61.54~0.4", "really@62.64-62.82", "little@62.83-63.07", "to@63.08-63.2", "that@63.21-63.41", "website@64.21-64.95"],
            "flubber@61.62-62.0~0.79");
        TimeRange[] relative = [new(58.8, 59.3), new(61.09, 61.75), new(62.21, 62.62), new(65.6, 67.13)];

        var plan = EditPlanner.Plan(transcript, [], NoSilence, 68, relative);

        var cut = Assert.Single(plan.Cuts);
        Assert.Equal((CutReason.Flubber, 59.05, 62.52), (cut.Reason, cut.Start, cut.End), new Tolerance());
        Assert.Contains(cut.Evidence, e => e.Signal == "pause-before");
    }

    [Fact]
    public void The_pause_after_a_spotted_flubber_is_looked_for_past_the_hit_whose_end_comes_early()
    {
        // "flubber" was said from 30.8 s to 31.37 s; the spotter's hit ends at 31.06 s, 0.31 s before the quiet after it.
        var transcript = Heard(
            ["the@28.3-28.4", "bakery@28.42-28.9", "opened@28.92-29.3", "in@29.32-29.45", "nineteen@29.47-30.3", "the@31.7-31.8", "bakery@31.82-32.2", "opened@32.22-32.6", "in@32.62-32.75", "nineteen@32.77-33.4", "ninety@33.42-33.8", "four@33.82-34.1"],
            "flubber@30.77-31.06~0.79");
        TimeRange[] relative = [new(27.85, 28.26), new(30.34, 30.8), new(31.37, 31.68), new(34.2, 34.96)];

        var plan = EditPlanner.Plan(transcript, [], NoSilence, 36, relative);

        var cut = Assert.Single(plan.Cuts);
        Assert.Equal((CutReason.Flubber, 28.055, 31.58), (cut.Reason, cut.Start, cut.End), new Tolerance());
        Assert.Equal(["keyword", "pause-before", "pause-after", "repeat"], cut.Evidence.Select(e => e.Signal));
    }

    [Fact]
    public void A_spotted_intern_the_recogniser_wrote_as_words_that_sound_the_same_is_cut_after_a_pause()
    {
        // The language model spells the marker "in turn"; the comma after it is too short a pause to count.
        var transcript = Heard(
            ["people@34.63-35.01", "in@35.65-35.78~0.27", "turn@35.79-36.03~0.31", "find@36.18-36.52", "a@36.53-36.57", "job@36.58-36.89", "title@36.9-37.24", "thanks@38.2-38.6"],
            "intern@35.64-36.04~0.87");
        TimeRange[] relative = [new(34.99, 35.69), new(37.3, 38.1)];
        var sounds = Pronunciations.Of([("intern", "IH N T ER N"), ("in", "IH N"), ("turn", "T ER N")]);

        var plan = EditPlanner.Plan(transcript, [], NoSilence, 39, relative, sounds: sounds);
        var withoutSounds = EditPlanner.Plan(transcript, [], NoSilence, 39, relative);

        var cut = Assert.Single(plan.Cuts);
        Assert.Equal((CutReason.Intern, CutConfidence.Confirmed), (cut.Reason, cut.Confidence));
        Assert.Equal((CutReason.Intern, 35.34, 37.7), (cut.Reason, cut.Start, cut.End), new Tolerance());
        Assert.Equal(["keyword", "decoder-alike", "pause-before"], cut.Evidence.Select(e => e.Signal));
        Assert.Empty(withoutSounds.Cuts);
        Assert.Equal(CutReason.Intern, Assert.Single(withoutSounds.Suggestions).Reason);
    }

    [Fact]
    public void Fillers_are_cut_when_sure_and_inside_a_sentence_and_only_suggested_otherwise()
    {
        var transcript = Words("so@0.0-0.2", "um@0.3-0.6", "we@0.7-0.9", "uh@1.0-1.3~0.2", "go@1.4-1.6", "uh@3.0-3.3");

        var cut = EditPlanner.Plan(transcript, [], NoSilence, 4);
        var kept = EditPlanner.Plan(transcript, [], NoSilence with { CutFillers = false }, 4);

        Assert.Equal([(0.3, 0.6)], cut.Cuts.Select(c => (c.Start, c.End)));
        Assert.Equal([(1.0, 1.3), (3.0, 3.3)], cut.Suggestions.Select(c => (c.Start, c.End)));
        Assert.All(cut.Cuts.Concat(cut.Suggestions), c => Assert.Equal(CutReason.Filler, c.Reason));
        Assert.Empty(kept.Cuts);
        Assert.Empty(kept.Suggestions);
    }

    [Fact]
    public void Long_silences_are_shortened_to_the_maximum_keeping_half_each_side()
    {
        var plan = EditPlanner.Plan(Words("a@0-1"), [new TimeRange(2, 6), new TimeRange(7, 7.5)], new EditPlanOptions { MaxSilenceSeconds = 1 }, 10);

        var cut = Assert.Single(plan.Cuts);
        Assert.Equal((2.5, 5.5, CutReason.Silence), (cut.Start, cut.End, cut.Reason));
        Assert.Equal(3, plan.RemovedSeconds, 6);
    }

    [Fact]
    public void Intern_request_becomes_a_marker_with_its_text_and_is_cut_up_to_the_pause_after_it()
    {
        var transcript = Words("intern@1.0-1.3", "add@1.4-1.6", "a@1.65-1.7", "drum@1.75-2.0", "roll@2.05-2.3", "thanks@3.5-3.8");

        var plan = EditPlanner.Plan(transcript, [], NoSilence, 4);

        var marker = Assert.Single(plan.Markers);
        Assert.Equal(("intern", "add a drum roll", 1.0, 2.3), (marker.Kind, marker.Text, marker.Start, marker.End));
        var cut = Assert.Single(plan.Cuts);
        Assert.Equal((CutReason.Intern, 0.5, 2.9), (cut.Reason, cut.Start, cut.End), new Tolerance());
    }

    [Fact]
    public void An_unreviewed_build_keeps_the_audio_when_marker_cuts_would_remove_too_much_speech()
    {
        var transcript = Words("so@0.0-0.2", "um@0.3-0.6", "we@0.7-0.9", "um@1.0-1.3", "go@1.4-1.6");

        var automatic = EditPlanner.Plan(transcript, [], NoSilence with { MaxAutomaticShare = 0.05 }, 2);
        var reviewed = EditPlanner.Plan(transcript, [], NoSilence, 2);

        Assert.Empty(automatic.Cuts);
        Assert.Equal(2, automatic.Suggestions.Count);
        Assert.All(automatic.Suggestions, s => Assert.Contains("more than the 5%", s.Doubt!.Replace(" %", "%", StringComparison.Ordinal), StringComparison.Ordinal));
        Assert.Equal(2, reviewed.Cuts.Count);
    }

    [Fact]
    public void Plan_round_trips_through_json_with_reasons_confidence_and_evidence_as_words()
    {
        var plan = EditPlanner.Plan(Words("so@0-0.2", "um@0.3-0.5", "ok@0.6-1.5", "uh@3-3.2"), [], NoSilence, 4);
        var json = plan.ToJson();
        var read = EditPlan.FromJson(json);

        Assert.Contains("\"reason\":\"Filler\"", json, StringComparison.Ordinal);
        Assert.Contains("\"confidence\":\"Suggested\"", json, StringComparison.Ordinal);
        Assert.Equal(json, read.ToJson());
        Assert.Single(read.Suggestions);
    }

    /// <summary>Compares cut figures to the millisecond.</summary>
    private sealed class Tolerance : IEqualityComparer<(double, double, CutReason, CutConfidence)>, IEqualityComparer<(CutReason, double, double)>
    {
        public bool Equals((double, double, CutReason, CutConfidence) x, (double, double, CutReason, CutConfidence) y) =>
            Math.Abs(x.Item1 - y.Item1) < 1e-3 && Math.Abs(x.Item2 - y.Item2) < 1e-3 && x.Item3 == y.Item3 && x.Item4 == y.Item4;

        public int GetHashCode((double, double, CutReason, CutConfidence) obj) => 0;

        public bool Equals((CutReason, double, double) x, (CutReason, double, double) y) =>
            x.Item1 == y.Item1 && Math.Abs(x.Item2 - y.Item2) < 1e-3 && Math.Abs(x.Item3 - y.Item3) < 1e-3;

        public int GetHashCode((CutReason, double, double) obj) => 0;
    }
}
