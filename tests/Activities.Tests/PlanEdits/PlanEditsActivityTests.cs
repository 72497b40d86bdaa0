using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.PlanEdits;
using EpisodeBuilder.Activities.Tests.Infrastructure;
using EpisodeBuilder.Api.Hosting;
using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Transcription;
using EpisodeBuilder.Storage;

namespace EpisodeBuilder.Activities.Tests.PlanEdits;

/// <summary>The plan-edits step against the emulator: which builds the automatic share cap applies to.</summary>
[Collection(StorageCollection.Name)]
public sealed class PlanEditsActivityTests(StorageFixture storage)
{
    /// <summary>Ten seconds of speech with two fillers the recogniser is sure of: 0.6 s, 6 % of the speech.</summary>
    private static readonly TranscriptWord[] Words =
    [
        new("so", 1.0, 1.3, 0.9), new("um", 1.4, 1.7, 0.9), new("we", 1.8, 2.2, 0.9), new("went", 2.3, 6.0, 0.9),
        new("uh", 6.1, 6.4, 0.9), new("home", 6.5, 11.0, 0.9),
    ];

    [Theory]
    [InlineData(true, false, 0.05, 0)]
    [InlineData(false, false, 0.05, 2)]
    [InlineData(true, true, 0.05, 2)]
    [InlineData(true, false, 0.10, 2)]
    public async Task Recognised_cuts_past_the_share_become_suggestions_only_in_an_unreviewed_build(bool recognised, bool reviewed, double share, int applied)
    {
        await using var services = await storage.CreateServicesAsync((s, c) => s.AddEpisodeBuilder(c));
        var store = services.Get<ObjectStore>();
        var build = new BuildRef("dora", "ep1", $"dora.ep1.{Guid.NewGuid():N}");
        var analysis = new RecordingAnalysis(12, [new TimeRange(0, 0.9), new TimeRange(11.1, 12)]);
        var transcript = new Transcript("pocketsphinx", Words) { KeywordHits = recognised ? [] : null };
        await store.WriteTextAsync(build.File("analysis.json"), analysis.ToJson(), "application/json", WriteCondition.Overwrite, CancellationToken.None);
        await store.WriteTextAsync(build.File("transcript.json"), transcript.ToJson(), "application/json", WriteCondition.Overwrite, CancellationToken.None);

        var output = await services.Get<PlanEditsActivity>().RunAsync(
            new PlanEditsInput(build, build.File("analysis.json"), build.File("transcript.json"), new CleanupSettings(MaxAutomaticCutShare: share), reviewed),
            CancellationToken.None);

        var plan = EditPlan.FromJson((await store.ReadTextAsync(output.PlanKey, CancellationToken.None))!.Value.Text);
        Assert.Equal(applied, plan.Cuts.Count(c => c.Reason == CutReason.Filler));
        Assert.Equal(2 - applied, plan.Suggestions.Count);
        Assert.Equal((plan.Suggestions.Count, plan.Suggestions.Count), (output.Edits!.SuggestionCount, output.Edits.Suggestions.Count));
    }
}
