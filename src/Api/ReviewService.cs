using System.Text.Json;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Orchestration;
using EpisodeBuilder.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Api;

/// <summary>
/// The review of a build that asked for one: shows its owner what the planner would cut, and takes the approval (with the
/// cuts to keep) that lets the build go on to publish. Only the owner sees or approves (anyone else gets 404, as for
/// status); a build not awaiting review is a 409. The approval is recorded in GCS with a create-only write before the
/// orchestration hears of it, so two approvals racing on two instances cannot both land. A retry of the recorded decision
/// while the build still waits raises it again (the first raise may have failed after the write); a different decision is
/// a 409.
/// </summary>
public sealed class ReviewService(ObjectStore store, SignedUrls urls, TimeProvider time, ILogger<ReviewService> logger)
{
    public const string DecisionFile = "review-decision.json";

    public async Task<ApiResult> ShowAsync(DurableTaskClient client, string userId, string buildId, CancellationToken cancellationToken)
    {
        var (review, problem) = await FindAwaitingAsync(client, userId, buildId, cancellationToken);
        if (review is null)
        {
            return problem!;
        }

        var (progress, plan) = review.Value;
        var outputs = progress.Outputs;
        async Task<string> Url(string key) => (await urls.ForReadAsync(key, cancellationToken: cancellationToken)).Url;

        var snippets = outputs.Snippets ?? [];
        var markers = new List<ReviewMarker>();
        for (var i = 0; i < plan.Markers.Count; i++)
        {
            var marker = plan.Markers[i];
            markers.Add(new ReviewMarker(marker.Kind, marker.Start, marker.End, marker.Text, i < snippets.Count ? await Url(snippets[i]) : null));
        }

        return ApiResult.Ok(new ReviewView(
            buildId,
            outputs.ReviewDeadline,
            plan.DurationSeconds,
            await Url(outputs.Source!),
            await Url(outputs.RecordingPeaks!),
            await Url(outputs.Cleaned!),
            plan.IdentifiedCuts.Concat(plan.IdentifiedSuggestions).Select(c => new ReviewCut(
                c.Id,
                c.Cut.Start,
                c.Cut.End,
                c.Cut.Reason.ToString().ToLowerInvariant(),
                c.Cut.Text,
                c.Cut.Confidence.ToString().ToLowerInvariant(),
                c.Cut.Evidence.Select(e => new ReviewEvidence(e.Signal, e.Score)).ToList(),
                c.Cut.Doubt)).ToList(),
            markers));
    }

    public async Task<ApiResult> ApproveAsync(DurableTaskClient client, string userId, string buildId, ReviewRequest? request, CancellationToken cancellationToken)
    {
        if (request?.Approve != true)
        {
            return ApiResult.Invalid(new Dictionary<string, string[]> { ["approve"] = ["must be true to publish; to discard the build, cancel it."] });
        }

        var keep = (request.Keep ?? []).Select(k => k?.Trim() ?? string.Empty).ToList();
        var apply = (request.Apply ?? []).Select(k => k?.Trim() ?? string.Empty).ToList();
        var (review, problem) = await FindAwaitingAsync(client, userId, buildId, cancellationToken, allowDecided: true);
        if (review is null)
        {
            return problem!;
        }

        var (_, plan) = review.Value;
        var errors = new Dictionary<string, string[]>();
        if (plan.UnknownCutIds(keep) is { Count: > 0 } unknown)
        {
            errors["keep"] = [$"the plan has no cut {string.Join(", ", unknown.Select(u => $"'{u}'"))}; its cuts are {Range("c", plan.Cuts.Count)}."];
        }

        if (plan.UnknownSuggestionIds(apply) is { Count: > 0 } unknownSuggestions)
        {
            errors["apply"] = [$"the plan has no suggestion {string.Join(", ", unknownSuggestions.Select(u => $"'{u}'"))}; its suggestions are {Range("s", plan.Suggestions.Count)}."];
        }

        if (errors.Count > 0)
        {
            return ApiResult.Invalid(errors);
        }

        var decision = new ReviewDecision(keep.Distinct(StringComparer.Ordinal).ToList(), userId, time.GetUtcNow(), apply.Distinct(StringComparer.Ordinal).ToList());
        var build = BuildRef.FromOwnedId(userId, buildId);
        try
        {
            await store.WriteTextAsync(build.File(DecisionFile), JsonSerializer.Serialize(decision, JsonSerializerOptions.Web), "application/json", WriteCondition.CreateOnly, cancellationToken);
        }
        catch (WriteConflictException)
        {
            var recorded = await RecordedDecisionAsync(build, cancellationToken);
            if (recorded is null || !SameDecision(recorded, decision))
            {
                return ApiResult.Fail(409, "Already approved.", $"Build '{buildId}' was already approved; it is on its way to publish.");
            }

            decision = recorded;
            logger.LogInformation("Build {BuildId}: the recorded approval is asked for again while the build waits; raising it again", buildId);
        }

        await client.RaiseEventAsync(buildId, EpisodeBuildOrchestrator.ReviewEvent, decision, cancellationToken);
        var applied = decision.Apply ?? [];
        logger.LogInformation("Build {BuildId} approved by {UserId}, keeping {Kept} of {Planned} planned cuts and applying {Applied} of {Suggested} suggestions", buildId, userId, decision.Keep.Count, plan.Cuts.Count, applied.Count, plan.Suggestions.Count);
        return ApiResult.Accepted(new ReviewApproved(buildId, "Approved", decision.Keep, plan.Cuts.Count - decision.Keep.Count + applied.Count, applied));
    }

    private async Task<ReviewDecision?> RecordedDecisionAsync(BuildRef build, CancellationToken cancellationToken) =>
        await store.ReadTextAsync(build.File(DecisionFile), cancellationToken) is { } text
            ? JsonSerializer.Deserialize<ReviewDecision>(text.Text, JsonSerializerOptions.Web)
            : null;

    /// <summary>The same answer from the same person: the same cuts kept and the same suggestions applied, in any order.</summary>
    private static bool SameDecision(ReviewDecision recorded, ReviewDecision asked) =>
        recorded.ApprovedBy == asked.ApprovedBy
        && recorded.Keep.ToHashSet(StringComparer.Ordinal).SetEquals(asked.Keep)
        && (recorded.Apply ?? []).ToHashSet(StringComparer.Ordinal).SetEquals(asked.Apply ?? []);

    private async Task<((BuildProgress Progress, EditPlan Plan)? Review, ApiResult? Problem)> FindAwaitingAsync(DurableTaskClient client, string userId, string buildId, CancellationToken cancellationToken, bool allowDecided = false)
    {
        var metadata = await BuildService.FindOwnedAsync(client, userId, buildId, cancellationToken);
        if (metadata is null)
        {
            return (null, ApiResult.NotFound($"No build '{buildId}'."));
        }

        var progress = metadata.SerializedCustomStatus is null ? null : metadata.ReadCustomStatusAs<BuildProgress>();
        var active = metadata.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;
        if (progress is null || !active || progress.State != BuildState.AwaitingReview
            || progress.Outputs is not { EditPlan: { } planKey, Source: not null, RecordingPeaks: not null, Cleaned: not null })
        {
            var state = !active ? metadata.RuntimeStatus.ToString() : progress?.State.ToString() ?? "Pending";
            return (null, ApiResult.Fail(409, "The build is not awaiting review.", $"Build '{buildId}' is {state}; only a build waiting in AwaitingReview can be reviewed."));
        }

        if (!allowDecided && await store.GetAsync(BuildRef.FromOwnedId(userId, buildId).File(DecisionFile), cancellationToken) is not null)
        {
            return (null, ApiResult.Fail(409, "Already approved.", $"Build '{buildId}' was already approved; it is on its way to publish."));
        }

        var plan = EditPlan.FromJson((await store.ReadTextAsync(planKey, cancellationToken) ?? throw new ObjectNotFoundException(planKey)).Text);
        return ((progress, plan), null);
    }

    private static string Range(string prefix, int count) => count == 0 ? "none" : count == 1 ? $"{prefix}1" : $"{prefix}1-{prefix}{count}";
}
