using EpisodeBuilder.Media.Wav;

namespace EpisodeBuilder.Media.Tests;

public sealed class PauseDetectorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pauses-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Pauses_are_found_relative_to_the_noise_floor_and_a_click_does_not_split_one()
    {
        // Three 1 s tones at about -23 dBFS with 0.6 s gaps, all under noise at about -45 dBFS (above a -40 dB silence
        // threshold in its peaks), and a 20 ms click in the middle of the second gap.
        const int rate = 16000;
        var random = new Random(7);
        var samples = new short[(int)(4.8 * rate)];
        for (var i = 0; i < samples.Length; i++)
        {
            var t = i / (double)rate;
            var tone = t is (>= 0.5 and < 1.5) or (>= 2.1 and < 3.1) or (>= 3.7 and < 4.4) ? 0.1 * Math.Sin(2 * Math.PI * 220 * t) : 0;
            var click = t is >= 3.39 and < 3.41 ? 0.3 : 0;
            var noise = ((random.NextDouble() * 2) - 1) * 0.0097;
            samples[i] = (short)Math.Round((tone + click + noise) * 32767);
        }

        var path = Path.Combine(_dir, "tones.wav");
        using (var stream = File.Create(path))
        {
            WavLayout.WriteHeader(stream, rate, 1, samples.Length * 2L);
            stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(samples.AsSpan()));
        }

        var pauses = PauseDetector.Detect(path, 0.25);

        Assert.Equal([(0.0, 0.5), (1.5, 2.1), (3.1, 3.7), (4.4, 4.8)], pauses.Select(p => (Math.Round(p.Start, 1), Math.Round(p.End, 1))));
    }
}
