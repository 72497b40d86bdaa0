namespace EpisodeBuilder.Media.Editing;

/// <summary>What the planner looks for and how far it reaches.</summary>
public sealed record EditPlanOptions
{
    public bool CutFlubbers { get; init; } = true;

    public bool CutFillers { get; init; } = true;

    /// <summary>Silences longer than this are shortened to it; null keeps every silence.</summary>
    public double? MaxSilenceSeconds { get; init; } = 1.5;

    /// <summary>Whether intern requests are removed from the episode (they are always kept as review markers).</summary>
    public bool CutInternRequests { get; init; } = true;

    public string FlubberWord { get; init; } = "flubber";

    public string InternWord { get; init; } = "intern";

    public IReadOnlySet<string> Fillers { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "um", "uh", "erm", "er", "ah", "hmm", "mm" };

    /// <summary>A pause at least this long starts a phrase (where a retaken take begins).</summary>
    public double PhrasePauseSeconds { get; init; } = 0.4;

    /// <summary>How far back before a flubber marker the retaken take may start.</summary>
    public double MaxRetakeSeconds { get; init; } = 15;
}
