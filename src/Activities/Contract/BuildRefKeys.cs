using EpisodeBuilder.Storage;


namespace EpisodeBuilder.Activities.Contract;

/// <summary>The keys of one build's outputs, from the layout <see cref="ObjectKeys"/> owns.</summary>
public static class BuildRefKeys
{
    public static string File(this BuildRef build, string fileName) => ObjectKeys.BuildFile(build.UserId, build.EpisodeId, build.BuildId, fileName);

    public static string Transcript(this BuildRef build) => ObjectKeys.Transcript(build.UserId, build.EpisodeId, build.BuildId);

    public static string Subtitles(this BuildRef build) => ObjectKeys.Subtitles(build.UserId, build.EpisodeId, build.BuildId);

    public static string Cleaned(this BuildRef build) => ObjectKeys.Cleaned(build.UserId, build.EpisodeId, build.BuildId);

    public static string Segment(this BuildRef build, string segmentId) => ObjectKeys.AiSegment(build.UserId, build.EpisodeId, build.BuildId, segmentId);

    /// <summary>A file this build holds until its scheduled publish time.</summary>
    public static string Held(this BuildRef build, string fileName) => ObjectKeys.Held(build.UserId, build.EpisodeId, build.BuildId, fileName);

    public static string Episode(this BuildRef build) => ObjectKeys.Episode(build.UserId, build.EpisodeId, build.BuildId);

    public static string EpisodeCompanion(this BuildRef build, string suffix) => ObjectKeys.EpisodeCompanion(build.UserId, build.EpisodeId, build.BuildId, suffix);
}
