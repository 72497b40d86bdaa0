namespace EpisodeBuilder.Orchestration;

/// <summary>
/// The steps of an episode build in the order they run, with the share of the progress bar each one fills.
/// The names are part of the status contract the frontend shows.
/// </summary>
public static class BuildSteps
{
    public const string Inspect = "inspect";
    public const string Transcribe = "transcribe";
    public const string PlanEdits = "plan-edits";
    public const string ExportSnippets = "export-snippets";
    public const string CleanAudio = "clean-audio";
    public const string Review = "review";
    public const string GenerateSegments = "generate-segments";
    public const string Merge = "merge";
    public const string Chapters = "chapters";
    public const string Encode = "encode";
    public const string Peaks = "peaks";
    public const string Publish = "publish";

    /// <summary>
    /// Every step with its progress weight (the weights add up to 100). The review snippets are exported right after the
    /// plan, and the cleaned content made before the review, so a build that asks for review has both to show.
    /// </summary>
    public static IReadOnlyList<(string Name, int Weight)> All { get; } =
    [
        (Inspect, 5),
        (Transcribe, 20),
        (PlanEdits, 5),
        (ExportSnippets, 5),
        (CleanAudio, 15),
        (Review, 5),
        (GenerateSegments, 10),
        (Merge, 8),
        (Chapters, 2),
        (Encode, 15),
        (Peaks, 5),
        (Publish, 5),
    ];
}
