namespace EpisodeBuilder.Media.Wav;

/// <summary>
/// Mel-frequency cepstral coefficients of 16-bit PCM speech: 25 ms Hamming windows every 10 ms, 26 mel bands from 100 Hz
/// to just under half the sample rate, coefficients 1 to 12 (the level, coefficient 0, is left out so loudness does not
/// count), each stretch's mean removed so a fixed colouring of the channel does not either. What
/// <see cref="Editing.AcousticRepeat"/> compares to hear whether a speaker said the same words again.
/// </summary>
public static class SpeechFeatures
{
    public const double FrameSeconds = 0.01;
    public const int Coefficients = 12;
    private const double WindowSeconds = 0.025;
    private const int Bands = 26;
    private const int FftSize = 512;

    /// <summary>The features of [<paramref name="start"/>, <paramref name="end"/>) seconds of a mono 16-bit WAV, one row per 10 ms.</summary>
    public static float[][] Read(string wavPath, double start, double end)
    {
        var layout = WavLayout.Read(wavPath);
        var first = layout.FrameAt(start);
        var last = layout.FrameAt(end);
        var samples = new short[Math.Max(0, last - first)];
        using (var stream = File.OpenRead(wavPath))
        {
            stream.Position = layout.ByteAt(first);
            var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(samples.AsSpan());
            stream.ReadExactly(bytes[..(int)Math.Min(bytes.Length, stream.Length - stream.Position)]);
        }

        return Of(samples, layout.SampleRate);
    }

    /// <summary>The features of <paramref name="samples"/> at <paramref name="sampleRate"/>, means removed.</summary>
    public static float[][] Of(ReadOnlySpan<short> samples, int sampleRate)
    {
        var window = (int)(WindowSeconds * sampleRate);
        var hop = (int)(FrameSeconds * sampleRate);
        if (samples.Length < window || window > FftSize)
        {
            return [];
        }

        var filters = MelFilters(sampleRate);
        var hamming = Enumerable.Range(0, window).Select(i => 0.54 - (0.46 * Math.Cos(2 * Math.PI * i / (window - 1)))).ToArray();
        var frames = new List<float[]>();
        var real = new double[FftSize];
        var imaginary = new double[FftSize];
        var energies = new double[Bands];
        for (var at = 0; at + window <= samples.Length; at += hop)
        {
            Array.Clear(real);
            Array.Clear(imaginary);
            for (var i = 0; i < window; i++)
            {
                var previous = at + i > 0 ? samples[at + i - 1] : samples[at + i];
                real[i] = (samples[at + i] - (0.97 * previous)) / 32768.0 * hamming[i];
            }

            Fft(real, imaginary);
            for (var b = 0; b < Bands; b++)
            {
                var sum = 0.0;
                foreach (var (bin, weight) in filters[b])
                {
                    sum += weight * ((real[bin] * real[bin]) + (imaginary[bin] * imaginary[bin]));
                }

                energies[b] = Math.Log(sum + 1e-10);
            }

            var row = new float[Coefficients];
            for (var c = 1; c <= Coefficients; c++)
            {
                var sum = 0.0;
                for (var b = 0; b < Bands; b++)
                {
                    sum += energies[b] * Math.Cos(Math.PI * c * (b + 0.5) / Bands);
                }

                row[c - 1] = (float)sum;
            }

            frames.Add(row);
        }

        for (var c = 0; c < Coefficients; c++)
        {
            var mean = frames.Average(f => f[c]);
            foreach (var frame in frames)
            {
                frame[c] -= mean;
            }
        }

        return frames.ToArray();
    }

    /// <summary>Triangular filters spaced evenly on the mel scale, as (FFT bin, weight) lists.</summary>
    private static List<(int Bin, double Weight)>[] MelFilters(int sampleRate)
    {
        static double Mel(double hz) => 2595 * Math.Log10(1 + (hz / 700));
        static double Hz(double mel) => 700 * (Math.Pow(10, mel / 2595) - 1);
        var (low, high) = (Mel(100), Mel(0.475 * sampleRate));
        var edges = Enumerable.Range(0, Bands + 2).Select(i => Hz(low + ((high - low) * i / (Bands + 1))) * FftSize / sampleRate).ToArray();
        var filters = new List<(int, double)>[Bands];
        for (var b = 0; b < Bands; b++)
        {
            filters[b] = [];
            for (var bin = (int)Math.Floor(edges[b]); bin <= (int)Math.Ceiling(edges[b + 2]) && bin <= FftSize / 2; bin++)
            {
                var weight = bin < edges[b + 1] ? (bin - edges[b]) / (edges[b + 1] - edges[b]) : (edges[b + 2] - bin) / (edges[b + 2] - edges[b + 1]);
                if (weight > 0)
                {
                    filters[b].Add((bin, weight));
                }
            }
        }

        return filters;
    }

    /// <summary>An in-place radix-2 FFT.</summary>
    private static void Fft(double[] real, double[] imaginary)
    {
        var n = real.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (real[i], real[j]) = (real[j], real[i]);
                (imaginary[i], imaginary[j]) = (imaginary[j], imaginary[i]);
            }
        }

        for (var length = 2; length <= n; length <<= 1)
        {
            var angle = -2 * Math.PI / length;
            var (wr, wi) = (Math.Cos(angle), Math.Sin(angle));
            for (var i = 0; i < n; i += length)
            {
                var (cr, ci) = (1.0, 0.0);
                for (var k = 0; k < length / 2; k++)
                {
                    var (ur, ui) = (real[i + k], imaginary[i + k]);
                    var (vr, vi) = ((real[i + k + (length / 2)] * cr) - (imaginary[i + k + (length / 2)] * ci), (real[i + k + (length / 2)] * ci) + (imaginary[i + k + (length / 2)] * cr));
                    (real[i + k], imaginary[i + k]) = (ur + vr, ui + vi);
                    (real[i + k + (length / 2)], imaginary[i + k + (length / 2)]) = (ur - vr, ui - vi);
                    (cr, ci) = ((cr * wr) - (ci * wi), (cr * wi) + (ci * wr));
                }
            }
        }
    }
}
