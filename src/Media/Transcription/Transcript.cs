using System.Text.Json;
using System.Text.Json.Serialization;

namespace EpisodeBuilder.Media.Transcription;

/// <summary>One recognised word with its timing (seconds) and the engine's confidence (0-1).</summary>
public sealed record TranscriptWord(string Text, double Start, double End, double Confidence);

/// <summary>
/// Words with timings: what edit planning works from and what the frontend shows. Stored as JSON
/// (<c>{ "engine", "words": [{ "text", "start", "end", "confidence" }], "keywordHits": [...] }</c>) and as WebVTT.
/// </summary>
public sealed record Transcript(string Engine, IReadOnlyList<TranscriptWord> Words)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    /// <summary>
    /// The marker words a keyword spotter heard, kept apart from <see cref="Words"/> (only the recogniser's words are
    /// published). Null for a transcript that was supplied or written out: its words say where the markers are.
    /// </summary>
    public IReadOnlyList<TranscriptWord>? KeywordHits { get; init; }

    /// <summary>Whether a recogniser made it, so a marker needs evidence beyond its words (<see cref="KeywordHits"/> is set).</summary>
    [JsonIgnore]
    public bool Recognised => KeywordHits is not null;

    [JsonIgnore]
    public string Text => string.Join(' ', Words.Select(w => w.Text));

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses and checks a transcript; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static Transcript FromJson(string json, double? audioDurationSeconds = null)
    {
        Transcript? transcript;
        try
        {
            transcript = JsonSerializer.Deserialize<Transcript>(json, Json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not valid transcript JSON ({e.Message})", e);
        }

        if (transcript?.Words is null)
        {
            throw new FormatException("a transcript needs a \"words\" array");
        }

        var previous = 0.0;
        for (var i = 0; i < transcript.Words.Count; i++)
        {
            var w = transcript.Words[i];
            if (string.IsNullOrWhiteSpace(w.Text) || w.Start < 0 || w.End < w.Start || w.Start + 1e-6 < previous)
            {
                throw new FormatException($"word {i} ('{w.Text}') has missing text or times that are negative, reversed or out of order");
            }

            if (audioDurationSeconds is { } duration && w.End > duration + 0.5)
            {
                throw new FormatException($"word {i} ('{w.Text}') ends at {w.End:0.##} s, after the audio ends ({duration:0.##} s)");
            }

            previous = w.Start;
        }

        return transcript with { Engine = string.IsNullOrWhiteSpace(transcript.Engine) ? "supplied" : transcript.Engine };
    }
}
