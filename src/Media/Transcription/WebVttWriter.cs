using System.Globalization;
using System.Text;

namespace EpisodeBuilder.Media.Transcription;

/// <summary>Writes a transcript as WebVTT subtitles: cues break at pauses and at a maximum length.</summary>
public static class WebVttWriter
{
    public static string Write(Transcript transcript, double pauseSeconds = 0.6, int maxWords = 12)
    {
        var vtt = new StringBuilder("WEBVTT\n\n");
        var cue = new List<TranscriptWord>();
        var number = 1;
        void Flush()
        {
            if (cue.Count == 0)
            {
                return;
            }

            vtt.Append(CultureInfo.InvariantCulture, $"{number++}\n{Time(cue[0].Start)} --> {Time(cue[^1].End)}\n{string.Join(' ', cue.Select(w => w.Text))}\n\n");
            cue.Clear();
        }

        foreach (var word in transcript.Words)
        {
            if (cue.Count > 0 && (word.Start - cue[^1].End >= pauseSeconds || cue.Count >= maxWords))
            {
                Flush();
            }

            cue.Add(word);
        }

        Flush();
        return vtt.ToString();
    }

    private static string Time(double seconds) => TimeSpan.FromSeconds(seconds).ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
}
