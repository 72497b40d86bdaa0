using System.Text.Json;
using EpisodeBuilder.Media.Ffmpeg;

namespace EpisodeBuilder.Media.Editing;

/// <summary>
/// The figures of a recording that later steps plan from (its decoded duration and its silences), measured once when the
/// upload is decoded and stored beside the working audio, so planning never downloads the audio again.
/// </summary>
public sealed record RecordingAnalysis(double DurationSeconds, IReadOnlyList<TimeRange> Silences)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static RecordingAnalysis FromJson(string json) =>
        JsonSerializer.Deserialize<RecordingAnalysis>(json, Json) ?? throw new FormatException("empty recording analysis");
}
