namespace EpisodeBuilder.Activities.Builds;

/// <summary>
/// The steps of an episode build in the order they run, with the share of the progress bar each one fills.
/// The names are part of the status contract the frontend shows.
/// </summary>
public static class BuildSteps
{
    public const string Inspect = "inspect";
    public const string Transcribe = "transcribe";
    public const string PlanEdits = "plan-edits";
    public const string CleanAudio = "clean-audio";
    public const string GenerateSegments = "generate-segments";
    public const string Merge = "merge";
    public const string Encode = "encode";
    public const string ExportSnippets = "export-snippets";
    public const string Publish = "publish";

    /// <summary>Every step with its progress weight (the weights add up to 100).</summary>
    public static IReadOnlyList<(string Name, int Weight)> All { get; } =
    [
        (Inspect, 5),
        (Transcribe, 20),
        (PlanEdits, 5),
        (CleanAudio, 20),
        (GenerateSegments, 10),
        (Merge, 10),
        (Encode, 15),
        (ExportSnippets, 5),
        (Publish, 10),
    ];
}
