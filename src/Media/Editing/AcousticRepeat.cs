namespace EpisodeBuilder.Media.Editing;

/// <summary>
/// Whether a speaker said a take again, heard in the sound rather than in a recogniser's words: the take's cepstral
/// features (<see cref="Wav.SpeechFeatures"/>) are aligned by dynamic time warping with the start of what follows the
/// marker, and that alignment's cost is compared with the take's cost against the speech just before it and just after
/// the retake (other words of the same voice). A retake costs much less than the foils; the share is the margin.
/// </summary>
public static class AcousticRepeat
{
    /// <summary>The shortest take worth comparing: less than this is a word or two, too little to tell.</summary>
    public const double MinimumTakeSeconds = 0.6;

    /// <summary>
    /// How far below the foils the retake's cost must be (cost ratio at most 1 minus this) for the take to count as said again.
    /// </summary>
    public const double MinimumMargin = 0.45;

    /// <summary>
    /// The take's cost against the retake over its cost against the foils: below 1 the retake sounds more like the take
    /// than other speech does. Null when the take is too short or there is no audio to compare.
    /// </summary>
    public static double? Ratio(ISpeechAudio audio, double takeStart, double takeEnd, double resume)
    {
        var length = takeEnd - takeStart;
        if (length < MinimumTakeSeconds)
        {
            return null;
        }

        var take = audio.Features(takeStart, takeEnd);
        var retake = audio.Features(resume, resume + (1.5 * length));
        var before = audio.Features(Math.Max(0, takeStart - (1.5 * length)), takeStart);
        var after = audio.Features(resume + (1.5 * length), resume + (3 * length));
        if (take is null || retake is null || take.Length == 0)
        {
            return null;
        }

        var foils = new[] { before, after }.Where(f => f is { Length: > 0 } && f.Length >= take.Length / 2).Select(f => Cost(take, f!)).ToList();
        if (foils.Count == 0)
        {
            return null;
        }

        return Cost(take, retake) / foils.Min();
    }

    /// <summary>
    /// The mean cosine distance along the best alignment of the whole of <paramref name="take"/> with a start of
    /// <paramref name="window"/> (its end is free), each step moving one frame in either or both, the window at most twice
    /// as fast or as slow as the take.
    /// </summary>
    public static double Cost(float[][] take, float[][] window)
    {
        var n = take.Length;
        var m = window.Length;
        if (n == 0 || m == 0)
        {
            return double.PositiveInfinity;
        }

        var previous = new double[m];
        var current = new double[m];
        var steps = new int[m];
        var previousSteps = new int[m];
        Array.Fill(previous, double.PositiveInfinity);
        for (var i = 0; i < n; i++)
        {
            Array.Fill(current, double.PositiveInfinity);
            var (low, high) = (i / 2, Math.Min(m - 1, (2 * i) + 1));
            for (var j = low; j <= high; j++)
            {
                var distance = Distance(take[i], window[j]);
                if (i == 0 && j == 0)
                {
                    (current[j], steps[j]) = (distance, 1);
                    continue;
                }

                var (best, bestSteps) = (double.PositiveInfinity, 0);
                if (i > 0 && previous[j] < best)
                {
                    (best, bestSteps) = (previous[j], previousSteps[j]);
                }

                if (j > 0 && current[j - 1] < best)
                {
                    (best, bestSteps) = (current[j - 1], steps[j - 1]);
                }

                if (i > 0 && j > 0 && previous[j - 1] < best)
                {
                    (best, bestSteps) = (previous[j - 1], previousSteps[j - 1]);
                }

                (current[j], steps[j]) = (best + distance, bestSteps + 1);
            }

            (previous, current) = (current, previous);
            (previousSteps, steps) = (steps, previousSteps);
        }

        var cost = double.PositiveInfinity;
        for (var j = 0; j < m; j++)
        {
            if (!double.IsPositiveInfinity(previous[j]))
            {
                cost = Math.Min(cost, previous[j] / previousSteps[j]);
            }
        }

        return cost;
    }

    private static double Distance(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var k = 0; k < a.Length; k++)
        {
            dot += a[k] * b[k];
            na += a[k] * a[k];
            nb += b[k] * b[k];
        }

        return 1 - (dot / Math.Sqrt((na * nb) + 1e-12));
    }
}

/// <summary>Cepstral features of a recording's speech by time, where the planner has its audio; null outside what it has.</summary>
public interface ISpeechAudio
{
    float[][]? Features(double startSeconds, double endSeconds);
}
