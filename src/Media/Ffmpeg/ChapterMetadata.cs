using System.Globalization;
using System.Text;
using EpisodeBuilder.Media.Editing;

namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>
/// Writes chapters as an FFmpeg metadata file (<c>;FFMETADATA1</c>, one <c>[CHAPTER]</c> per chapter in milliseconds,
/// each ending where the next starts), which the MP3 muxer turns into ID3v2 <c>CHAP</c> frames under a <c>CTOC</c>.
/// </summary>
public static class ChapterMetadata
{
    public static string Write(IReadOnlyList<Chapter> chapters, double durationSeconds)
    {
        var text = new StringBuilder(";FFMETADATA1\n");
        for (var i = 0; i < chapters.Count; i++)
        {
            var start = (long)Math.Round(chapters[i].Start * 1000);
            var end = (long)Math.Round((i + 1 < chapters.Count ? chapters[i + 1].Start : durationSeconds) * 1000);
            text.Append(CultureInfo.InvariantCulture, $"[CHAPTER]\nTIMEBASE=1/1000\nSTART={start}\nEND={Math.Max(end, start + 1)}\ntitle={Escape(chapters[i].Title)}\n");
        }

        return text.ToString();
    }

    /// <summary>The format's escapes: '=', ';', '#', '\' and newlines take a backslash.</summary>
    private static string Escape(string value)
    {
        var escaped = new StringBuilder();
        foreach (var c in value)
        {
            if (c is '=' or ';' or '#' or '\\' or '\n')
            {
                escaped.Append('\\');
            }

            if (!char.IsControl(c) || c == '\n')
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }
}
