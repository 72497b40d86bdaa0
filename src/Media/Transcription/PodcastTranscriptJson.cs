using System.Text.Json;

namespace EpisodeBuilder.Media.Transcription;

/// <summary>
/// Writes a transcript in the Podcasting 2.0 JSON transcript format (<c>podcast:transcript type="application/json"</c>):
/// <c>{ "version": "1.0.0", "segments": [{ "startTime", "endTime", "body" }] }</c>, one segment per word, times in
/// seconds, so players can highlight each word as it is spoken.
/// </summary>
public static class PodcastTranscriptJson
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static string Write(Transcript transcript) => JsonSerializer.Serialize(
        new
        {
            version = "1.0.0",
            segments = transcript.Words.Select(w => new { startTime = Math.Round(w.Start, 3), endTime = Math.Round(w.End, 3), body = w.Text }),
        },
        Json);
}
