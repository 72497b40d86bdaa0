using System.Text.Json;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Orchestration;
using EpisodeBuilder.Storage;

namespace EpisodeBuilder.Api;

/// <summary>
/// Checks a build request field by field and turns it into the orchestrator's input. Every problem is reported
/// against the field that has it, so the frontend can show it next to that field.
/// </summary>
public static class BuildRequestValidator
{
    public const double MinLoudness = -30;
    public const double MaxLoudness = -10;
    public const int MaxSegments = 20;
    public const int MaxSegmentText = 2000;
    public const double MinBedLevelDb = -40;

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);
    public const double MaxBedDuckDb = 40;

    /// <summary>How far ahead a build may be scheduled to publish.</summary>
    public static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromDays(365);

    /// <summary>
    /// The orchestrator's input for a request, or the problems of each field that has one. <paramref name="now"/> is what
    /// <c>publish.at</c> must lie after (by at most <see cref="MaxScheduleAhead"/>).
    /// </summary>
    public static (EpisodeBuildInput? Input, Dictionary<string, string[]> Errors) Validate(string userId, string episodeId, string buildId, StartBuildRequest? request, TimeSpan? reviewDeadline = null, DateTimeOffset? now = null)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

        if (!ObjectKeys.IsValidId(episodeId))
        {
            Error("episodeId", "must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'.");
        }

        if (request is null)
        {
            Error("body", "a JSON object is required.");
            return (null, errors);
        }

        string? Key(string field, string? value, bool required)
        {
            if (value is null)
            {
                if (required)
                {
                    Error(field, "is required.");
                }

                return null;
            }

            try
            {
                return ObjectKeys.ValidateUserKey(userId, value);
            }
            catch (InvalidObjectKeyException e)
            {
                Error(field, e.Reason + ".");
                return null;
            }
        }

        var recording = Key("recording", request.Recording, required: true);
        var transcript = Key("transcript", request.Transcript, required: false);
        var intro = Key("intro", request.Intro, required: false);
        var outro = Key("outro", request.Outro, required: false);
        var (bed, bedLevels) = MusicBed(request.MusicBed, Key, Error);

        var segments = new List<SegmentRequest>();
        var segmentBodies = request.Segments ?? [];
        if (segmentBodies.Count > MaxSegments)
        {
            Error("segments", $"at most {MaxSegments} segments are allowed.");
        }

        for (var i = 0; i < segmentBodies.Count; i++)
        {
            var s = segmentBodies[i];
            var field = $"segments[{i}]";
            if (s is null)
            {
                Error(field, "must be an object.");
                continue;
            }

            if (!ObjectKeys.IsValidId(s.Id))
            {
                Error(field + ".id", "must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'.");
            }
            else if (segmentBodies.Take(i).Any(o => o?.Id == s.Id))
            {
                Error(field + ".id", $"'{s.Id}' is used by another segment.");
            }

            if (string.IsNullOrWhiteSpace(s.Text))
            {
                Error(field + ".text", "is required.");
            }
            else if (s.Text.Length > MaxSegmentText)
            {
                Error(field + ".text", $"must be at most {MaxSegmentText} characters.");
            }

            var position = Position(s.Position);
            if (position is null)
            {
                Error(field + ".position", "must be \"after-intro\", \"before-outro\" or a number of seconds >= 0.");
            }
            else if (s.Id is not null && s.Text is not null)
            {
                segments.Add(new SegmentRequest(s.Id, s.Text.Trim(), position));
            }
        }

        var cleanup = new CleanupSettings(
            request.Cleanup?.Flubber ?? true,
            request.Cleanup?.Fillers ?? true,
            request.Cleanup is null ? 1.5 : request.Cleanup.MaxSilenceSeconds,
            request.Cleanup?.MaxAutomaticCutShare ?? CleanupSettings.DefaultMaxAutomaticCutShare);
        if (cleanup.MaxSilenceSeconds is { } max && (max < 0.2 || max > 30))
        {
            Error("cleanup.maxSilenceSeconds", "must be between 0.2 and 30 seconds.");
        }

        if (cleanup.MaxAutomaticCutShare is < 0 or > 1 || double.IsNaN(cleanup.MaxAutomaticCutShare))
        {
            Error("cleanup.maxAutomaticCutShare", "must be a share of the speech between 0 and 1 (0.05 is 5 %).");
        }

        var loudness = request.LoudnessLufs;
        if (loudness is < MinLoudness or > MaxLoudness || (loudness is { } set && double.IsNaN(set)))
        {
            Error("loudnessLufs", $"must be between {MinLoudness} and {MaxLoudness} LUFS.");
        }

        string? image = null;
        if (request.Publish is null)
        {
            Error("publish", "is required.");
        }
        else
        {
            if (!ObjectKeys.IsValidId(request.Publish.Podcast))
            {
                Error("publish.podcast", "is required: 1-64 characters of A-Z, a-z, 0-9, '_' or '-' (it names the feed).");
            }

            if (string.IsNullOrWhiteSpace(request.Publish.Title) || request.Publish.Title.Length > 300)
            {
                Error("publish.title", "is required (at most 300 characters).");
            }

            if (request.Publish.Description?.Length > 4000)
            {
                Error("publish.description", "must be at most 4000 characters.");
            }

            if (request.Publish.EpisodeType is { } type && type is not ("full" or "trailer" or "bonus"))
            {
                Error("publish.episodeType", "must be \"full\", \"trailer\" or \"bonus\".");
            }

            if (request.Publish.Season is < 1)
            {
                Error("publish.season", "must be a whole number of at least 1.");
            }

            if (request.Publish.Episode is < 1)
            {
                Error("publish.episode", "must be a whole number of at least 1.");
            }

            if (request.Publish.At is { } at && now is { } clock)
            {
                if (at <= clock)
                {
                    Error("publish.at", "must be in the future (a time with its UTC offset, e.g. 2027-01-05T09:00:00Z).");
                }
                else if (at > clock + MaxScheduleAhead)
                {
                    Error("publish.at", $"must be at most {MaxScheduleAhead.TotalDays:0} days ahead.");
                }
            }

            image = Key("publish.image", request.Publish.Image, required: false);
            if (request.Publish.Show?.Image is { } showImage)
            {
                Key("publish.show.image", showImage, required: false);
            }

            if (request.Publish.Channels is not (null or "mono" or "stereo"))
            {
                Error("publish.channels", "must be \"mono\" or \"stereo\" (or left out: stereo when the intro, outro or bed is).");
            }

            if (request.Publish.Show is { Type: "serial" } && request.Publish.Episode is null)
            {
                Error("publish.episode", "is required in a serial show: its episodes are listed in their number's order.");
            }

            if (request.Publish.Show is { } show)
            {
                foreach (var (field, message) in ShowValidator.Problems(show))
                {
                    Error("publish.show." + field, message);
                }
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var input = new EpisodeBuildInput(
            new BuildRef(userId, episodeId, buildId), recording!, transcript, intro, outro, bed, segments, cleanup, loudness,
            new PublishSettings(
                request.Publish!.Podcast!,
                request.Publish.Title!.Trim(),
                request.Publish.Description,
                request.Publish.Show is { } body ? ShowValidator.ToSettings(body) : null,
                request.Publish.EpisodeType ?? "full",
                request.Publish.Explicit,
                request.Publish.Season,
                request.Publish.Episode,
                request.Publish.ChaptersInNotes ?? false,
                image,
                request.Publish.Channels),
            request.Review == true ? new ReviewSettings(reviewDeadline ?? TimeSpan.FromDays(7)) : null)
        {
            PublishAt = request.Publish.At?.UtcDateTime,
            BedLevels = bedLevels,
        };
        return (input, errors);
    }

    /// <summary>The bed's key and levels from <c>musicBed</c>: a key, or <c>{ key, levelDb, duckDb }</c>.</summary>
    private static (string? Key, BedLevels? Levels) MusicBed(JsonElement? value, Func<string, string?, bool, string?> key, Action<string, string> error)
    {
        switch (value)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return (null, null);
            case { ValueKind: JsonValueKind.String } text:
                return (key("musicBed", text.GetString(), false), null);
            case { ValueKind: JsonValueKind.Object } body:
                MusicBedBody? bed;
                try
                {
                    bed = body.Deserialize<MusicBedBody>(WebJson);
                }
                catch (JsonException)
                {
                    error("musicBed", "must be a key or { key, levelDb, duckDb } with numbers for the levels.");
                    return (null, null);
                }

                var levels = new BedLevels(bed?.LevelDb ?? BedLevels.DefaultLevelDb, bed?.DuckDb ?? BedLevels.DefaultDuckDb);
                if (levels.LevelDb is < MinBedLevelDb or > 0 || !double.IsFinite(levels.LevelDb))
                {
                    error("musicBed.levelDb", $"must be between {MinBedLevelDb} and 0 dB.");
                }

                if (levels.DuckDb is < 0 or > MaxBedDuckDb || !double.IsFinite(levels.DuckDb))
                {
                    error("musicBed.duckDb", $"must be between 0 and {MaxBedDuckDb} dB.");
                }

                return (key("musicBed.key", bed?.Key, true), levels);
            default:
                error("musicBed", "must be a key or { key, levelDb, duckDb }.");
                return (null, null);
        }
    }

    private static SegmentPosition? Position(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } s when s.GetString() == "after-intro" => SegmentPosition.AfterIntro,
        { ValueKind: JsonValueKind.String } s when s.GetString() == "before-outro" => SegmentPosition.BeforeOutro,
        { ValueKind: JsonValueKind.Number } n when n.TryGetDouble(out var seconds) && seconds >= 0 && double.IsFinite(seconds) => SegmentPosition.At(seconds),
        _ => null,
    };
}
