using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Storage;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Activities.ApplyReview;

/// <summary>Input of <see cref="ApplyReviewActivity"/>: the plan that was reviewed, the cuts its owner kept out and the suggestions they applied.</summary>
public sealed record ApplyReviewInput(BuildRef Build, string PlanKey, IReadOnlyList<string> Keep, IReadOnlyList<string>? Apply = null) : IBuildStepInput<ApplyReviewOutput>;

/// <summary>Key of the reviewed plan (<c>edit-plan-reviewed.json</c>), its cut count and what it removes.</summary>
public sealed record ApplyReviewOutput(string PlanKey, int CutCount, double RemovedSeconds);

/// <summary>
/// Stores the plan a reviewer approved: the planned cuts minus the ones they chose to keep, plus the suggestions they chose to
/// apply. The original plan stays as it was, so the status shows both what the planner proposed and what was applied.
/// </summary>
public sealed class ApplyReviewActivity(ObjectStore store, ILogger<ApplyReviewActivity> logger)
    : IEpisodeActivity<ApplyReviewInput, ApplyReviewOutput>, IReusableActivity
{
    /// <summary>The activity's name in the Durable runtime (part of every running build's history: never renamed).</summary>
    public const string Name = "ApplyReview";

    /// <inheritdoc/>
    public int Version => 1;

    /// <inheritdoc/>
    public object? Settings => null;

    public const string ReviewedPlanFile = "edit-plan-reviewed.json";

    public async Task<ApplyReviewOutput> RunAsync(ApplyReviewInput input, CancellationToken cancellationToken)
    {
        var plan = EditPlan.FromJson((await store.ReadTextAsync(input.PlanKey, cancellationToken) ?? throw new ObjectNotFoundException(input.PlanKey)).Text);
        var apply = input.Apply ?? [];
        if (plan.UnknownCutIds(input.Keep).Concat(plan.UnknownSuggestionIds(apply)).ToList() is { Count: > 0 } unknown)
        {
            throw new ArgumentException($"The plan has no cut or suggestion {string.Join(", ", unknown)}.", nameof(input));
        }

        var reviewed = plan.Reviewed(input.Keep, apply);
        var key = input.Build.File(ReviewedPlanFile);
        await store.WriteTextAsync(key, reviewed.ToJson(), "application/json", WriteCondition.Overwrite, cancellationToken);
        logger.LogInformation("Build {BuildId}: review kept {Kept} of {Planned} cuts and applied {Suggested} suggestions; {Applied} applied, removing {Removed:0.00} s", input.Build.BuildId, input.Keep.Count, plan.Cuts.Count, apply.Count, reviewed.Cuts.Count, reviewed.RemovedSeconds);
        return new ApplyReviewOutput(key, reviewed.Cuts.Count, reviewed.RemovedSeconds);
    }
}
