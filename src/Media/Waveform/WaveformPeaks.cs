using System.Text.Json;
using System.Text.Json.Serialization;

namespace EpisodeBuilder.Media.Waveform;

/// <summary>
/// Waveform peaks in the JSON format of BBC's audiowaveform (version 2), which waveform-data.js, peaks.js and the review
/// page read directly: for each pixel of <see cref="SamplesPerPixel"/> samples, the lowest then the highest sample,
/// scaled to <see cref="Bits"/> bits.
/// </summary>
public sealed record WaveformPeaks(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("channels")] int Channels,
    [property: JsonPropertyName("sample_rate")] int SampleRate,
    [property: JsonPropertyName("samples_per_pixel")] int SamplesPerPixel,
    [property: JsonPropertyName("bits")] int Bits,
    [property: JsonPropertyName("length")] int Length,
    [property: JsonPropertyName("data")] IReadOnlyList<int> Data)
{
    /// <summary>The audio's duration the peaks cover, to one pixel.</summary>
    [JsonIgnore]
    public double DurationSeconds => (double)Length * SamplesPerPixel / SampleRate;

    /// <summary>The lowest sample of pixel <paramref name="index"/> (first channel).</summary>
    public int MinAt(int index) => Data[index * 2 * Channels];

    /// <summary>The highest sample of pixel <paramref name="index"/> (first channel).</summary>
    public int MaxAt(int index) => Data[(index * 2 * Channels) + 1];

    public string ToJson() => JsonSerializer.Serialize(this);

    public static WaveformPeaks FromJson(string json) =>
        JsonSerializer.Deserialize<WaveformPeaks>(json) ?? throw new FormatException("empty waveform peaks");
}
