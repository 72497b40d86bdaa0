using System.Text.Json;
using EpisodeBuilder.Media.Ffmpeg;

namespace EpisodeBuilder.Media.Editing;

/// <summary>
/// Where a moment of the recording lands in the cleaned content: the pieces the cut kept, in order, each joined to the
/// one before with a crossfade (so piece <c>i</c> starts at the sum of the pieces
/// before it less <c>i</c> crossfades, as <see cref="AudioCutter"/> writes them). The step that cuts (the merge, or
/// clean-audio for a review) stores it, so later steps can put the transcript and the markers on the episode's clock.
/// </summary>
public sealed class ContentClock
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly double[] _starts;

    [System.Text.Json.Serialization.JsonConstructor]
    public ContentClock(IReadOnlyList<TimeRange> kept, double crossfadeSeconds)
    {
        Kept = kept;
        CrossfadeSeconds = crossfadeSeconds;
        _starts = new double[kept.Count];
        var at = 0.0;
        for (var i = 0; i < kept.Count; i++)
        {
            _starts[i] = at;
            at += kept[i].Duration - crossfadeSeconds;
        }
    }

    /// <summary>The recording's kept pieces, in order.</summary>
    public IReadOnlyList<TimeRange> Kept { get; }

    /// <summary>How long each join's crossfade is.</summary>
    public double CrossfadeSeconds { get; }

    /// <summary>The content time of a recording time, or null when a cut removed it.</summary>
    public double? ToContent(double recordingSeconds)
    {
        var index = PieceAtOrAfter(recordingSeconds);
        if (index < 0 || recordingSeconds < Kept[index].Start)
        {
            return null;
        }

        return StartOf(index) + (recordingSeconds - Kept[index].Start);
    }

    /// <summary>
    /// The content time of a recording time, or, when a cut removed it, of where the content goes on after the cut
    /// (null past the last kept piece): where a marker inside a cut belongs.
    /// </summary>
    public double? ToContentOrNext(double recordingSeconds)
    {
        var index = PieceAtOrAfter(recordingSeconds);
        return index < 0 ? null : StartOf(index) + Math.Max(0, recordingSeconds - Kept[index].Start);
    }

    /// <summary>The content time a range of the recording covers, when all of it was kept in one piece.</summary>
    public TimeRange? ToContent(TimeRange recording)
    {
        var index = PieceAtOrAfter(recording.Start);
        if (index < 0 || recording.Start < Kept[index].Start || recording.End > Kept[index].End + 1e-6)
        {
            return null;
        }

        var start = StartOf(index) + (recording.Start - Kept[index].Start);
        return new TimeRange(start, start + recording.Duration);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ContentClock FromJson(string json) =>
        JsonSerializer.Deserialize<ContentClock>(json, Json) ?? throw new InvalidDataException("The content clock is empty.");

    /// <summary>The first kept piece that ends after <paramref name="seconds"/>, or -1.</summary>
    private int PieceAtOrAfter(double seconds)
    {
        int low = 0, high = Kept.Count - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (Kept[middle].End > seconds)
            {
                found = middle;
                high = middle - 1;
            }
            else
            {
                low = middle + 1;
            }
        }

        return found;
    }

    private double StartOf(int index) => _starts[index];
}
