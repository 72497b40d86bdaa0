using System.Text;
using System.Text.RegularExpressions;

namespace EpisodeBuilder.Storage;

/// <summary>
/// The one place that owns the object-key layout, close to what the platform already uses:
/// <list type="table">
/// <item><term><c>{user}/media/main_content/{file}</c></term><description>uploaded recordings and assets</description></item>
/// <item><term><c>builds/{user}/{episode}/{build}/…</c></term><description>everything one build makes before it publishes: its transcript
/// (<c>transcript.json|.vtt</c>), cleaned content (<c>cleaned.wav</c>), generated segments (<c>segments/{segment}.wav</c>) and
/// other intermediates, under one prefix so a lifecycle rule deletes them (<see cref="IntermediatesPrefix"/>)</description></item>
/// <item><term><c>{user}/builds/{episode}/active-build.json</c></term><description>the lock of an episode's running build</description></item>
/// <item><term><c>{user}/episodes/{episode}/{build}.mp3</c></term><description>a published episode (a new name per build)</description></item>
/// <item><term><c>{user}/episodes/{episode}/{build}.vtt|.transcript.json|.chapters.json</c></term><description>published beside it</description></item>
/// <item><term><c>{user}/feeds/{podcast}.xml</c></term><description>a podcast's RSS feed</description></item>
/// <item><term><c>intern_snippets/{user}/{episode}/…</c></term><description>review snippets (deleted after 7 days)</description></item>
/// </list>
/// Keys that come from callers go through <see cref="ValidateUserKey"/>. A user id may not be one of the product's own
/// top-level prefixes (<see cref="ReservedUserIds"/>), so no rule meant for them reaches a user's files.
/// </summary>
public static partial class ObjectKeys
{
    public const string SnippetPrefix = "intern_snippets/";

    /// <summary>The prefix of every build's intermediates, which a lifecycle rule deletes some days after they were made.</summary>
    public const string IntermediatesPrefix = "builds/";

    /// <summary>
    /// The prefix of what a scheduled build holds for its publish time (its staged MP3, transcripts and chapters): outside
    /// <see cref="IntermediatesPrefix"/>, whose rule deletes by age, each held file carries a retirement date after its publish time.
    /// </summary>
    public const string ScheduledPrefix = "scheduled/";

    /// <summary>Names that are the product's top-level prefixes, refused as user ids.</summary>
    public static IReadOnlySet<string> ReservedUserIds { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        SnippetPrefix.TrimEnd('/'), IntermediatesPrefix.TrimEnd('/'), ScheduledPrefix.TrimEnd('/'),
    };

    /// <summary>Ids of users, episodes, builds, segments and podcasts: safe in keys, URLs and instance ids.</summary>
    public static void ValidateId(string value, string what)
    {
        if (string.IsNullOrEmpty(value) || !IdPattern().IsMatch(value))
        {
            throw new ArgumentException($"{what} must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'.", what);
        }
    }

    public static bool IsValidId(string? value) => !string.IsNullOrEmpty(value) && IdPattern().IsMatch(value);

    public static string Upload(string userId, string fileName) => $"{User(userId)}/media/main_content/{fileName}";

    public static string Transcript(string userId, string episodeId, string buildId) => BuildFile(userId, episodeId, buildId, "transcript.json");

    public static string Subtitles(string userId, string episodeId, string buildId) => BuildFile(userId, episodeId, buildId, "transcript.vtt");

    public static string Cleaned(string userId, string episodeId, string buildId) => BuildFile(userId, episodeId, buildId, "cleaned.wav");

    public static string AiSegment(string userId, string episodeId, string buildId, string segmentId) =>
        $"{BuildFiles(userId, episodeId, buildId)}segments/{Id(segmentId)}.wav";

    /// <summary>An intermediate of one build (working audio, edit plan, merged audio, staged MP3).</summary>
    public static string BuildFile(string userId, string episodeId, string buildId, string fileName) =>
        $"{BuildFiles(userId, episodeId, buildId)}{FileName(fileName)}";

    /// <summary>A file a scheduled build holds until its publish time (see <see cref="ScheduledPrefix"/>).</summary>
    public static string Held(string userId, string episodeId, string buildId, string fileName) =>
        $"{ScheduledPrefix}{User(userId)}/{Id(episodeId)}/{BuildId(buildId)}/{FileName(fileName)}";

    /// <summary>The prefix of every intermediate of one build.</summary>
    public static string BuildFiles(string userId, string episodeId, string buildId) =>
        $"{IntermediatesPrefix}{User(userId)}/{Id(episodeId)}/{BuildId(buildId)}/";

    /// <summary>
    /// The record of a step's result that later builds of the same user may take instead of running the step again: under
    /// the user's intermediates (so it goes with them, see <see cref="IntermediatesPrefix"/>), in a folder no episode id
    /// can name (ids hold no dot), one file per step and key.
    /// </summary>
    public static string StepResult(string userId, string activity, string key) =>
        $"{IntermediatesPrefix}{User(userId)}/reuse.steps/{Id(activity)}/{Id(key)}.json";

    /// <summary>One user's line of accepted builds: which run and which wait (a user's builds run a few at a time).</summary>
    public static string BuildQueue(string userId) => $"{User(userId)}/builds/queue.json";

    /// <summary>The lock that admits one running build per episode.</summary>
    public static string BuildLock(string userId, string episodeId) => $"{User(userId)}/builds/{Id(episodeId)}/active-build.json";

    /// <summary>
    /// The published MP3 of one build of an episode. Every build publishes under a name of its own, so a feed never
    /// points at an MP3 whose length it does not state: the feed switches to the new one in one conditional write.
    /// </summary>
    public static string Episode(string userId, string episodeId, string buildId) => $"{EpisodeFiles(userId, episodeId)}{BuildId(buildId)}.mp3";

    /// <summary>The prefix of every published file of an episode, whichever build made it.</summary>
    public static string EpisodeFiles(string userId, string episodeId) => $"{User(userId)}/episodes/{Id(episodeId)}/";

    /// <summary>A file published beside an episode's MP3 (its transcript, its chapters), named after the same build.</summary>
    public static string EpisodeCompanion(string userId, string episodeId, string buildId, string suffix) =>
        $"{EpisodeFiles(userId, episodeId)}{BuildId(buildId)}.{FileName(suffix)}";

    public static string Feed(string userId, string podcastId) => $"{User(userId)}/feeds/{Id(podcastId)}.xml";

    /// <summary>
    /// A show's uploaded cover art as published, named by its content (<paramref name="tag"/>), so new art gets a new URL
    /// and apps that cache by URL fetch it.
    /// </summary>
    public static string ShowImage(string userId, string podcastId, string tag, string extension) =>
        $"{User(userId)}/shows/{Id(podcastId)}/cover-{Id(tag)}.{FileName(extension)}";

    /// <summary>The prefix of every feed of one user.</summary>
    public static string Feeds(string userId) => $"{User(userId)}/feeds/";

    public static string Snippet(string userId, string episodeId, string fileName) =>
        $"{SnippetPrefix}{Id(userId)}/{Id(episodeId)}/{FileName(fileName)}";

    /// <summary>
    /// Checks a key a caller sent: well-formed, and inside <c>{userId}/</c>. Throws
    /// <see cref="InvalidObjectKeyException"/> saying what is wrong.
    /// </summary>
    public static string ValidateUserKey(string userId, string? key)
    {
        ValidateUserId(userId);
        if (string.IsNullOrEmpty(key))
        {
            throw new InvalidObjectKeyException(key ?? string.Empty, "the key is empty");
        }

        ValidateShape(key);
        if (!key.StartsWith(userId + "/", StringComparison.Ordinal))
        {
            throw new InvalidObjectKeyException(key, $"the key must lie under the caller's prefix '{userId}/'");
        }

        return key;
    }

    /// <summary>Checks the shape GCS and the product need: no traversal, no absolute paths, no empty segments.</summary>
    public static void ValidateShape(string key)
    {
        if (Encoding.UTF8.GetByteCount(key) > 1024)
        {
            throw new InvalidObjectKeyException(key, "the key is longer than 1024 bytes");
        }

        if (key.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\ufeff'))
        {
            throw new InvalidObjectKeyException(key, "the key contains control characters");
        }

        if (key.StartsWith('/') || key.StartsWith('~') || (key.Length > 1 && key[1] == ':'))
        {
            throw new InvalidObjectKeyException(key, "absolute paths are not keys");
        }

        if (key.Contains('\\', StringComparison.Ordinal))
        {
            throw new InvalidObjectKeyException(key, "backslashes are not allowed");
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0)
            {
                throw new InvalidObjectKeyException(key, "the key has an empty segment");
            }

            if (segment is "." or "..")
            {
                throw new InvalidObjectKeyException(key, "'.' and '..' segments are not allowed");
            }

            if (segment.Contains("%2e", StringComparison.OrdinalIgnoreCase) || segment.Contains("%2f", StringComparison.OrdinalIgnoreCase) || segment.Contains("%5c", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidObjectKeyException(key, "percent-encoded dots and separators are not allowed");
            }
        }
    }

    private static string User(string userId)
    {
        ValidateUserId(userId);
        return userId;
    }

    /// <summary>True for a valid id that is not one of <see cref="ReservedUserIds"/>.</summary>
    public static bool IsValidUserId(string? value) => IsValidId(value) && !ReservedUserIds.Contains(value!);

    /// <summary>A user id: a valid id that is not one of <see cref="ReservedUserIds"/>.</summary>
    public static void ValidateUserId(string userId)
    {
        ValidateId(userId, nameof(userId));
        if (ReservedUserIds.Contains(userId))
        {
            throw new ArgumentException($"'{userId}' is reserved for the product's own files and cannot be a user id.", nameof(userId));
        }
    }

    private static string Id(string value)
    {
        ValidateId(value, "id");
        return value;
    }

    /// <summary>
    /// The extension of a key's file name when it is short and plain (".mp3"), else ".bin": for naming a local copy
    /// so tools that sniff extensions see the right one, without trusting the key.
    /// </summary>
    public static string SafeExtension(string key)
    {
        var extension = Path.GetExtension(key).ToLowerInvariant();
        return extension.Length is > 1 and <= 6 && extension.Skip(1).All(char.IsAsciiLetterOrDigit) ? extension : ".bin";
    }

    /// <summary>Build ids are <c>{user}.{episode}.{unique}</c>: ids joined by dots.</summary>
    public static bool IsValidBuildId(string? value) => !string.IsNullOrEmpty(value) && value.Length <= 200 && BuildIdPattern().IsMatch(value);

    private static string BuildId(string value) =>
        IsValidBuildId(value) ? value : throw new ArgumentException("A build id is 1-3 ids joined by '.'.", nameof(value));

    private static string FileName(string fileName)
    {
        if (!FileNamePattern().IsMatch(fileName) || fileName is "." or "..")
        {
            throw new ArgumentException($"'{fileName}' is not a safe file name.", nameof(fileName));
        }

        return fileName;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}(\.[A-Za-z0-9_-]{1,64}){0,2}$")]
    private static partial Regex BuildIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,128}$")]
    private static partial Regex FileNamePattern();
}
