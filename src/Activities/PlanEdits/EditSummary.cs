namespace EpisodeBuilder.Activities.PlanEdits;

/// <summary>
/// What the edit plan does, for the status: the cuts it applies and the seconds they remove, and the cuts it only suggests
/// (the first <see cref="Listed"/> of them with their span, reason and doubt; the plan holds them all).
/// </summary>
public sealed record EditSummary(int Cuts, double RemovedSeconds, int SuggestionCount, IReadOnlyList<SuggestedEdit> Suggestions)
{
    public const int Listed = 20;
}

/// <summary>A cut the planner suggests but does not apply, and why.</summary>
public sealed record SuggestedEdit(double Start, double End, string Reason, string? Doubt);
