using EpisodeBuilder.Media.Wav;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>Result of applying cuts: what was kept, how long the output is, and how long each join's crossfade.</summary>
public sealed record CutResult(IReadOnlyList<TimeRange> Kept, double ExpectedDurationSeconds, double CrossfadeSeconds)
{
    /// <summary>Where each moment of the input landed in the output.</summary>
    public Editing.ContentClock Clock => new(Kept, CrossfadeSeconds);
}

/// <summary>
/// Removes time ranges from a working WAV in one pass: the kept ranges are read in order and copied sample for sample,
/// each joined to the one before with a linear crossfade so edits do not click. The cost is one read and one write of
/// the audio whatever the number of cuts (an FFmpeg graph with one <c>atrim</c> per kept range decodes the whole input
/// once per range, which grows with cuts × length). Memory is one buffer plus one crossfade.
/// The output lasts <c>sum(kept) - (kept.Count - 1) * crossfade</c>.
/// </summary>
public sealed class AudioCutter(IOptions<MediaOptions> options)
{
    private const int BufferFrames = 1 << 16;

    public async Task<CutResult> ApplyCutsAsync(string input, double durationSeconds, IEnumerable<TimeRange> cuts, string output, CancellationToken cancellationToken)
    {
        await using var source = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        var layout = WavLayout.Read(source, source.Length);
        var crossfade = options.Value.CrossfadeMilliseconds / 1000.0;
        var kept = Kept(Math.Min(durationSeconds, layout.DurationSeconds), cuts, minimumPiece: Math.Max(0.05, 2 * crossfade));
        if (kept.Count == 0)
        {
            throw new InvalidMediaException("the edit plan removes the whole recording");
        }

        var fadeFrames = (int)Math.Round(crossfade * layout.SampleRate);
        var channels = layout.Channels;
        await using var target = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        WavLayout.WriteHeader(target, layout.SampleRate, channels, 0);

        var buffer = new byte[BufferFrames * layout.BlockAlign];
        var tail = new short[fadeFrames * channels];

        // The crossfade's buffers are made once: an hour's plan has 500-odd joins, and three arrays per join were half of
        // what the cut allocated (5.4-5.8 MiB against 2.7 MiB at ten minutes).
        var head = new byte[fadeFrames * layout.BlockAlign];
        var mixed = new byte[head.Length];
        var held = new byte[head.Length];
        var hasTail = false;
        long written = 0;
        foreach (var range in kept)
        {
            var first = layout.FrameAt(range.Start);
            var frames = layout.FrameAt(range.End) - first;
            source.Seek(layout.ByteAt(first), SeekOrigin.Begin);

            // Join: the first fadeFrames of this range fade in over the held tail of the previous one.
            var start = 0L;
            if (hasTail && fadeFrames > 0)
            {
                await source.ReadExactlyAsync(head, cancellationToken);
                for (var f = 0; f < fadeFrames; f++)
                {
                    var fadeIn = (f + 0.5) / fadeFrames;
                    for (var c = 0; c < channels; c++)
                    {
                        var i = (f * channels) + c;
                        var incoming = BitConverter.ToInt16(head, i * 2);
                        var value = (tail[i] * (1 - fadeIn)) + (incoming * fadeIn);
                        BitConverter.TryWriteBytes(mixed.AsSpan(i * 2), (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue));
                    }
                }

                await target.WriteAsync(mixed, cancellationToken);
                written += mixed.Length;
                start = fadeFrames;
            }

            // Copy the body, holding back the last fadeFrames for the next join (or the end).
            var body = frames - start - fadeFrames;
            var remaining = body * layout.BlockAlign;
            while (remaining > 0)
            {
                var count = (int)Math.Min(buffer.Length, remaining);
                await source.ReadExactlyAsync(buffer.AsMemory(0, count), cancellationToken);
                await target.WriteAsync(buffer.AsMemory(0, count), cancellationToken);
                written += count;
                remaining -= count;
            }

            await source.ReadExactlyAsync(held, cancellationToken);
            for (var i = 0; i < tail.Length; i++)
            {
                tail[i] = BitConverter.ToInt16(held, i * 2);
            }

            hasTail = true;
        }

        var end = new byte[tail.Length * 2];
        for (var i = 0; i < tail.Length; i++)
        {
            BitConverter.TryWriteBytes(end.AsSpan(i * 2), tail[i]);
        }

        await target.WriteAsync(end, cancellationToken);
        written += end.Length;
        target.Seek(0, SeekOrigin.Begin);
        WavLayout.WriteHeader(target, layout.SampleRate, channels, written);
        return new CutResult(kept, (double)(written / layout.BlockAlign) / layout.SampleRate, (double)fadeFrames / layout.SampleRate);
    }

    /// <summary>The complement of the cuts within [0, duration], dropping slivers too short to crossfade.</summary>
    public static IReadOnlyList<TimeRange> Kept(double durationSeconds, IEnumerable<TimeRange> cuts, double minimumPiece)
    {
        var kept = new List<TimeRange>();
        var position = 0.0;
        foreach (var cut in TimeRange.Merge(cuts.Select(c => new TimeRange(Math.Max(0, c.Start), Math.Min(durationSeconds, c.End)))))
        {
            if (cut.Start - position >= minimumPiece)
            {
                kept.Add(new TimeRange(position, cut.Start));
            }

            position = Math.Max(position, cut.End);
        }

        if (durationSeconds - position >= minimumPiece)
        {
            kept.Add(new TimeRange(position, durationSeconds));
        }

        return kept;
    }
}
