namespace EpisodeBuilder.Activities.Builds;

/// <summary>
/// The names under which activities are registered with the Durable runtime. The Functions app uses them in
/// <c>[Function]</c> attributes and the in-process host in its registry, so both run the same activities.
/// </summary>
public static class ActivityNames
{
    public const string InspectUpload = "InspectUpload";
    public const string TranscribeChunk = "TranscribeChunk";
    public const string Transcribe = "Transcribe";
    public const string PlanEdits = "PlanEdits";
    public const string CleanAudio = "CleanAudio";
    public const string GenerateSegment = "GenerateSegment";
    public const string MergeEpisode = "MergeEpisode";
    public const string EncodeEpisode = "EncodeEpisode";
    public const string ExportSnippets = "ExportSnippets";
    public const string PublishEpisode = "PublishEpisode";
    public const string ComputePeaks = "ComputePeaks";
    public const string ApplyReview = "ApplyReview";
    public const string WriteChapters = "WriteChapters";
}
