using System.Text.Json.Serialization;

namespace EpisodeBuilder.Bench.Edits;

/// <summary>What a stretch of a labelled recording is, by how the recording was assembled.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SpanKind>))]
public enum SpanKind
{
    /// <summary>Ordinary talk: must stay.</summary>
    Talk,

    /// <summary>A take that went wrong, before its "flubber": should go.</summary>
    FirstTake,

    /// <summary>The word "flubber": should go.</summary>
    Flubber,

    /// <summary>The take after a "flubber": must stay, and is what a retake cut must not clip.</summary>
    Retake,

    /// <summary>"intern" and the request after it: should go (a review marker).</summary>
    Intern,

    /// <summary>"um" or "uh": may go.</summary>
    Filler,
}

/// <summary>One spoken stretch of a labelled recording, in seconds of it, and what was said.</summary>
public sealed record LabelledSpan(SpanKind Kind, double Start, double End, string Text)
{
    public double Duration => End - Start;

    /// <summary>Speech that must stay in the episode.</summary>
    public bool MustStay => Kind is SpanKind.Talk or SpanKind.Retake;
}

/// <summary>
/// A generated recording with its ground truth: every spoken stretch and its kind, from how it was assembled.
/// </summary>
/// <param name="Id">Names it in reports: voice, kind, condition, rate.</param>
/// <param name="VoiceId">The voice that speaks it (<see cref="BenchVoice.Id"/>).</param>
/// <param name="HeldOut">Whether that voice is held out from tuning.</param>
/// <param name="Texts">The text set it was made from (<see cref="EditCorpusTexts.Name"/>).</param>
/// <param name="Kind"><c>talk</c> (ordinary talk, no marker words) or <c>edits</c> (retakes, an intern request, fillers).</param>
/// <param name="Condition"><c>clean</c>, <c>noise</c> (pink noise about 32 dB under the voice) or <c>music</c> (a bed about 14 dB under it).</param>
/// <param name="Rate">Speaking rate against the engine's usual speed.</param>
/// <param name="WavPath">The 44.1 kHz mono WAV.</param>
/// <param name="DurationSeconds">Its length.</param>
/// <param name="Spans">Every spoken stretch, in order.</param>
public sealed record LabelledRecording(
    string Id,
    string VoiceId,
    bool HeldOut,
    string Texts,
    string Kind,
    string Condition,
    double Rate,
    string WavPath,
    double DurationSeconds,
    IReadOnlyList<LabelledSpan> Spans);
