using System.Text.Json;
using EpisodeBuilder.Media.Ffmpeg;

namespace EpisodeBuilder.Media.Editing;

/// <summary>
/// The figures of a recording that later steps plan from (its decoded duration, its silences and its pauses), measured
/// once when the upload is decoded and stored beside the working audio, so planning never downloads the audio again.
/// </summary>
public sealed record RecordingAnalysis(double DurationSeconds, IReadOnlyList<TimeRange> Silences)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The pauses between phrases, relative to the recording's noise floor (<see cref="Wav.PauseDetector"/>): what the
    /// edit planner takes as a marker's or a take's edges. <see cref="Silences"/> (absolute, -40 dB) are what long-silence
    /// cuts shorten. Null in an analysis stored without them: the planner then uses the silences.
    /// </summary>
    public IReadOnlyList<TimeRange>? Pauses { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static RecordingAnalysis FromJson(string json) =>
        JsonSerializer.Deserialize<RecordingAnalysis>(json, Json) ?? throw new FormatException("empty recording analysis");
}
