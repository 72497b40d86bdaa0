using EpisodeBuilder.Media.Transcription;

namespace EpisodeBuilder.Media.Editing;

/// <summary>
/// Puts a transcript of the recording on the finished episode's clock: words a cut removed are dropped, the rest move
/// by the cuts before them (<see cref="ContentClock"/>) and by whatever the merge placed before their part of the content
/// (<see cref="EpisodeTimeline"/>), so the published transcript follows the published audio.
/// </summary>
public static class TranscriptRetimer
{
    public static Transcript OnEpisodeClock(Transcript recording, ContentClock clock, EpisodeTimeline timeline)
    {
        var words = new List<TranscriptWord>();
        foreach (var word in recording.Words)
        {
            if (clock.ToContent(new Ffmpeg.TimeRange(word.Start, Math.Max(word.Start, word.End))) is not { } content
                || timeline.ToEpisode(content.Start) is not { } start)
            {
                continue;
            }

            words.Add(word with { Start = Math.Round(start, 3), End = Math.Round(start + content.Duration, 3) });
        }

        return new Transcript(recording.Engine, words);
    }
}
