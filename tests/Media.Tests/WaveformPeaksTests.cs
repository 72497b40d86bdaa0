using System.Globalization;
using System.Text;
using EpisodeBuilder.Media.Waveform;
using Xunit.Abstractions;

namespace EpisodeBuilder.Media.Tests;

public sealed class WaveformPeaksTests(MediaFixture media) : IClassFixture<MediaFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Peaks_of_two_tones_match_each_tones_amplitude()
    {
        // Two seconds at 1/4 of full scale, then two at 3/4: FFmpeg's sine source is 1/8 of full scale before the volume.
        var quiet = MediaFixture.Tone(_dir.Path, "quiet.wav", 2, 440, volume: 2);
        var loud = MediaFixture.Tone(_dir.Path, "loud.wav", 2, 660, volume: 6);
        var both = _dir.File("two-tones.wav");
        MediaFixture.Ffmpeg($"-i {quiet} -i {loud} -filter_complex concat=n=2:v=0:a=1 -c:a pcm_s16le {both}");

        var peaks = await media.Get<PeaksExtractor>().ComputeAsync(both, CancellationToken.None);

        Assert.Equal((2, 1, 44100, 2048, 8), (peaks.Version, peaks.Channels, peaks.SampleRate, peaks.SamplesPerPixel, peaks.Bits));
        Assert.Equal((int)Math.Ceiling(4 * 44100 / 2048.0), peaks.Length);
        Assert.Equal(peaks.Length * 2, peaks.Data.Count);
        var boundary = 2 * 44100 / 2048;
        for (var i = 0; i < peaks.Length; i++)
        {
            if (Math.Abs(i - boundary) <= 1 || i == peaks.Length - 1)
            {
                continue; // pixels holding the join or the last partial pixel
            }

            var expected = i < boundary ? 0.25 * 128 : 0.75 * 128;
            Assert.InRange(peaks.MaxAt(i), expected - 2, expected + 1);
            Assert.InRange(peaks.MinAt(i), -expected - 2, -expected + 1);
        }

        // The JSON is audiowaveform's: the names waveform-data.js reads.
        var json = peaks.ToJson();
        foreach (var name in new[] { "\"version\":2", "\"channels\":1", "\"sample_rate\":44100", "\"samples_per_pixel\":2048", "\"bits\":8", "\"length\":", "\"data\":[" })
        {
            Assert.Contains(name, json, StringComparison.Ordinal);
        }

        Assert.Equal(peaks.Data, WaveformPeaks.FromJson(json).Data);
    }

    [Fact]
    public void Samples_split_across_writes_at_odd_byte_offsets_give_the_same_peaks()
    {
        var samples = Enumerable.Range(0, 10_000).Select(i => (short)((i * 7919 % 60000) - 30000)).ToArray();
        var bytes = new byte[samples.Length * 2];
        Buffer.BlockCopy(samples, 0, bytes, 0, bytes.Length);

        var whole = new PeaksStream(44100, 100);
        whole.Write(bytes);
        var split = new PeaksStream(44100, 100);
        for (var offset = 0; offset < bytes.Length;)
        {
            var count = Math.Min(bytes.Length - offset, 1 + (offset % 13));
            split.Write(bytes, offset, count);
            offset += count;
        }

        Assert.Equal(whole.ToPeaks(16).Data, split.ToPeaks(16).Data);
        Assert.Equal(samples[..100].Max(), whole.ToPeaks(16).MaxAt(0));
        Assert.Equal(samples[..100].Min(), whole.ToPeaks(16).MinAt(0));
    }
}

/// <summary>Runs alone (no other test class allocates meanwhile), so the process's allocation count is this test's.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationSensitiveCollection
{
    public const string Name = "allocation-sensitive";
}

[Collection(AllocationSensitiveCollection.Name)]
public sealed class HourPeaksTests(MediaFixture media, ITestOutputHelper output) : IClassFixture<MediaFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_hour_of_audio_is_peaked_in_bounded_memory_into_less_than_a_megabyte()
    {
        // An hour of a loud tone (7/8 of full scale: the widest numbers, so the largest JSON) as 318 MB of 44.1 kHz PCM.
        var hour = _dir.File("hour.wav");
        MediaFixture.Ffmpeg("-f lavfi -i sine=f=220:d=3600:r=44100 -af volume=7 -ac 1 -c:a pcm_s16le " + hour);
        var pcmBytes = new FileInfo(hour).Length;

        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var peaks = await media.Get<PeaksExtractor>().ComputeAsync(hour, CancellationToken.None);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var size = Encoding.UTF8.GetByteCount(peaks.ToJson());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"an hour ({pcmBytes / 1048576.0:0} MB of PCM): peaks in {clock.Elapsed.TotalSeconds:0.0} s, {size:N0} bytes of JSON, {allocated / 1048576.0:0.0} MB allocated"));

        Assert.Equal((int)Math.Ceiling(3600 * 44100 / 2048.0), peaks.Length);
        Assert.Equal(3600, peaks.DurationSeconds, 0);
        Assert.InRange(peaks.MaxAt(peaks.Length / 2), 108, 112);
        Assert.True(size < 1_000_000, $"the hour's peaks are {size} bytes");
        // The PCM streams through: what the process allocated is the peaks and pipe buffers, a small fraction of the audio.
        Assert.True(allocated < 32 * 1024 * 1024, string.Create(CultureInfo.InvariantCulture, $"allocated {allocated / 1048576.0:0.0} MB while {pcmBytes / 1048576.0:0} MB of PCM streamed"));
    }
}
