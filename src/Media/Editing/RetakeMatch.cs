using EpisodeBuilder.Media.Transcription;

namespace EpisodeBuilder.Media.Editing;

/// <summary>
/// How far the words after a "flubber" say again the words of a take before it: the longest common subsequence of the
/// take's words and the first words after the marker (the take's length and a few more), as a share of the take. The
/// retake must start where the take started: its first shared word is among the first few it says (three, or half the
/// take's length when that is more: a recogniser often mishears a retake's first words).
/// </summary>
public sealed record RetakeMatch(int TakeWords, int Shared, double Share)
{
    /// <summary>How many more words than the take the retake may say in its place, and how late its first shared word may come.</summary>
    private const int Slack = 3;

    public static RetakeMatch Of(IReadOnlyList<TranscriptWord> take, IReadOnlyList<TranscriptWord> after)
    {
        var a = take.Select(w => Normalize(w.Text)).ToArray();
        var b = after.Take(a.Length + Slack).Select(w => Normalize(w.Text)).ToArray();
        if (a.Length == 0 || b.Length == 0)
        {
            return new RetakeMatch(a.Length, 0, 0);
        }

        // lengths[i, j]: common subsequence of a[i..] and b[j..]; read forward to find where b's first shared word is.
        var lengths = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lengths[i, j] = a[i] == b[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        var shared = lengths[0, 0];
        var firstShared = FirstShared(a, b, lengths);
        if (shared == 0 || firstShared >= Math.Max(Slack, a.Length / 2))
        {
            return new RetakeMatch(a.Length, 0, 0);
        }

        return new RetakeMatch(a.Length, shared, shared / (double)a.Length);
    }

    /// <summary>Whether the retake is confirmed: at least <paramref name="minimumShare"/> of the take said again, and at least two words (all of a shorter take).</summary>
    public bool Confirms(double minimumShare) => Share >= minimumShare && Shared >= Math.Min(2, TakeWords);

    private static int FirstShared(string[] a, string[] b, int[,] lengths)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                return j;
            }

            if (lengths[i + 1, j] >= lengths[i, j + 1])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return int.MaxValue;
    }

    public static string Normalize(string text) =>
        new string(text.Where(char.IsLetter).ToArray()).ToLowerInvariant();
}
