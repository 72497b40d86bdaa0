namespace EpisodeBuilder.Activities.Contract;

/// <summary>
/// The owner's answer to a review (the orchestration's <c>review</c> event): the planned cuts to keep
/// out of the edit (by id, e.g. <c>c3</c>) and the suggested cuts to apply (e.g. <c>s1</c>); every other planned cut is
/// applied, every other suggestion is not.
/// </summary>
public sealed record ReviewDecision(IReadOnlyList<string> Keep, string ApprovedBy, DateTimeOffset ApprovedAt, IReadOnlyList<string>? Apply = null);

/// <summary>Identifies one build of one episode of one user; every output key is derived from it.</summary>
public sealed record BuildRef(string UserId, string EpisodeId, string BuildId)
{
    /// <summary>The build an id <c>{user}.{episode}.{unique}</c> names, once it is known valid and owned by <paramref name="userId"/>.</summary>
    public static BuildRef FromOwnedId(string userId, string buildId) => new(userId, buildId.Split('.')[1], buildId);
}

/// <summary>Where a generated segment goes: after the intro, before the outro, or at a content offset.</summary>
public sealed record SegmentPosition(SegmentPlacement Placement, double? Seconds = null)
{
    public static SegmentPosition AfterIntro { get; } = new(SegmentPlacement.AfterIntro);

    public static SegmentPosition BeforeOutro { get; } = new(SegmentPlacement.BeforeOutro);

    public static SegmentPosition At(double seconds) => new(SegmentPlacement.AtSeconds, seconds);
}

/// <summary>The kinds of segment placement the API accepts.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<SegmentPlacement>))]
public enum SegmentPlacement
{
    AfterIntro,
    BeforeOutro,
    AtSeconds,
}

/// <summary>
/// Which automatic edits the build applies to the content. <c>MaxAutomaticCutShare</c> is the most of the speech that cuts
/// from recognised markers and fillers may remove in a build nobody reviews; past it they all become suggestions.
/// </summary>
public sealed record CleanupSettings(bool Flubber = true, bool Fillers = true, double? MaxSilenceSeconds = 1.5, double MaxAutomaticCutShare = CleanupSettings.DefaultMaxAutomaticCutShare)
{
    public const double DefaultMaxAutomaticCutShare = 0.05;
}

/// <summary>
/// Where and how the finished episode is published: <c>Podcast</c> (the podcast's id) names the feed; <c>Show</c>
/// describes the show, required when the podcast has no feed yet, else it updates the channel; <c>EpisodeType</c> is
/// Apple's <c>itunes:episodeType</c> (<c>full</c>, <c>trailer</c>, <c>bonus</c>); a null <c>Explicit</c> leaves it to the show's.
/// <c>Description</c> is the show notes (plain text or a small HTML subset, see <c>ShowNotes</c>); with
/// <c>ChaptersInNotes</c> the chapter list with its timestamps is appended to them. <c>Image</c>: the key of the
/// episode's own cover art (an upload), published beside it, named by the item's <c>itunes:image</c> and embedded in its MP3.
/// <c>Channels</c>: <c>mono</c> or <c>stereo</c>; null for stereo when the intro, outro or bed is stereo, else mono.
/// </summary>
public sealed record PublishSettings(
    string Podcast,
    string Title,
    string? Description,
    ShowSettings? Show = null,
    string EpisodeType = "full",
    bool? Explicit = null,
    int? Season = null,
    int? Number = null,
    bool ChaptersInNotes = false,
    string? Image = null,
    string? Channels = null);
