using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Transcription;

namespace EpisodeBuilder.Media.Tests;

public sealed class EditPlannerTests
{
    /// <summary>Builds a transcript from "word@start-end" tokens.</summary>
    private static Transcript Words(params string[] tokens) => new("test", tokens.Select(t =>
    {
        var (text, times) = (t[..t.IndexOf('@', StringComparison.Ordinal)], t[(t.IndexOf('@', StringComparison.Ordinal) + 1)..].Split('-'));
        return new TranscriptWord(text, double.Parse(times[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(times[1], System.Globalization.CultureInfo.InvariantCulture), 1);
    }).ToList());

    private static readonly EditPlanOptions NoSilence = new() { MaxSilenceSeconds = null };

    [Fact]
    public void Flubber_cuts_the_retaken_phrase_and_the_marker_up_to_the_retake()
    {
        var transcript = Words("welcome@0.0-0.5", "today@1.2-1.5", "seventy@1.6-2.0", "flubber@2.8-3.2", "today@4.0-4.3", "sixty@4.4-4.8");

        var plan = EditPlanner.Plan(transcript, [], NoSilence, 5);

        var cut = Assert.Single(plan.Cuts);
        Assert.Equal((1.2, 4.0, CutReason.Flubber), (cut.Start, cut.End, cut.Reason));
        Assert.Equal("today seventy [flubber]", cut.Text);
        Assert.Equal("flubber", Assert.Single(plan.Markers).Kind);
    }

    [Fact]
    public void Flubber_reaches_back_no_further_than_the_limit()
    {
        var transcript = Words("a@0.0-0.3", "b@0.35-0.6", "c@0.65-0.9", "d@0.95-1.2", "flubber@1.25-1.6", "e@2.0-2.2");

        var plan = EditPlanner.Plan(transcript, [], NoSilence with { MaxRetakeSeconds = 0.5 }, 3);

        Assert.Equal(0.95, Assert.Single(plan.Cuts).Start);
    }

    [Fact]
    public void Fillers_are_cut_one_by_one_when_enabled_and_kept_when_not()
    {
        var transcript = Words("so@0.0-0.2", "um@0.3-0.6", "we@0.7-0.9", "uh@1.0-1.3", "go@1.4-1.6");

        var cut = EditPlanner.Plan(transcript, [], NoSilence, 2);
        var kept = EditPlanner.Plan(transcript, [], NoSilence with { CutFillers = false }, 2);

        Assert.Equal([(0.3, 0.6), (1.0, 1.3)], cut.Cuts.Select(c => (c.Start, c.End)));
        Assert.All(cut.Cuts, c => Assert.Equal(CutReason.Filler, c.Reason));
        Assert.Empty(kept.Cuts);
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
    public void Intern_request_becomes_a_marker_with_its_text()
    {
        var transcript = Words("intern@1.0-1.3", "add@1.4-1.6", "a@1.65-1.7", "drum@1.75-2.0", "roll@2.05-2.3", "thanks@3.5-3.8");

        var plan = EditPlanner.Plan(transcript, [], NoSilence, 4);

        var marker = Assert.Single(plan.Markers);
        Assert.Equal(("intern", "add a drum roll", 1.0, 2.3), (marker.Kind, marker.Text, marker.Start, marker.End));
        Assert.Equal(CutReason.Intern, Assert.Single(plan.Cuts).Reason);
    }

    [Fact]
    public void Plan_round_trips_through_json_with_reasons_as_words()
    {
        var plan = EditPlanner.Plan(Words("um@0-0.5", "ok@1-1.5"), [], NoSilence, 2);
        var json = plan.ToJson();

        Assert.Contains("\"reason\":\"Filler\"", json, StringComparison.Ordinal);
        Assert.Equal(plan.Cuts, EditPlan.FromJson(json).Cuts);
    }
}
