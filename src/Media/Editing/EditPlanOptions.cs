namespace EpisodeBuilder.Media.Editing;

/// <summary>What the planner looks for, how far it reaches and how much evidence it asks before it cuts speech.</summary>
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

    /// <summary>A pause at least this long starts a phrase (where a retaken take begins, where a request ends).</summary>
    public double PhrasePauseSeconds { get; init; } = 0.3;

    /// <summary>How far back before a flubber marker the retaken take may start.</summary>
    public double MaxRetakeSeconds { get; init; } = 15;

    /// <summary>How far from a spotted marker's edge a measured pause may end (before it) or start (after it) to count as its pause.</summary>
    public double MarkerPauseReachSeconds { get; init; } = 0.25;

    /// <summary>
    /// The share of the take's words that the words after the marker must say again for a retake to be confirmed; a take
    /// of one or two words must be repeated whole.
    /// </summary>
    public double MinRepeatShare { get; init; } = 0.5;

    /// <summary>
    /// A flubber the spotter alone heard, with a pause on one side only, is suggested when the words after it repeat at
    /// least this share of the take; below it, it is passed over as a spotter's false alarm.
    /// </summary>
    public double MinSuggestedRepeatShare { get; init; } = 0.25;

    /// <summary>How long an intern request may run after its marker before a pause ends it; longer, it is only suggested.</summary>
    public double MaxRequestSeconds { get; init; } = 8;

    /// <summary>A filler is cut when the recogniser is at least this sure of it.</summary>
    public double MinFillerConfidence { get; init; } = 0.6;

    /// <summary>A filler is cut when it lasts at most this long.</summary>
    public double MaxFillerSeconds { get; init; } = 0.8;

    /// <summary>A filler is cut when speech lies within this many seconds on each side (a hesitation inside a sentence, not a sound in a pause).</summary>
    public double MaxFillerGapSeconds { get; init; } = 0.5;

    /// <summary>
    /// The most of the speech that confirmed marker and filler cuts may remove in a build nobody reviews (0.05 = 5 %); past it
    /// they all become suggestions and the audio stays. Null when a person reviews the plan.
    /// </summary>
    public double? MaxAutomaticShare { get; init; } = 0.05;
}
