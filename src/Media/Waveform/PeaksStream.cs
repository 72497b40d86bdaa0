namespace EpisodeBuilder.Media.Waveform;

/// <summary>
/// A write-only stream that FFmpeg's 16-bit little-endian mono PCM is piped into: it keeps only the lowest and highest
/// sample of each run of <c>samplesPerPixel</c> samples, so memory grows with the number of pixels (a few hundred KB for
/// an hour at the default resolution), never with the audio.
/// </summary>
public sealed class PeaksStream(int sampleRate, int samplesPerPixel) : Stream
{
    private readonly List<short> _data = [];
    private short _min = short.MaxValue;
    private short _max = short.MinValue;
    private int _inPixel;
    private int _pendingLow = -1;
    private long _samples;

    /// <summary>Samples consumed so far.</summary>
    public long Samples => _samples;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _samples * 2;

    public override long Position { get => _samples * 2; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var i = 0;
        if (_pendingLow >= 0 && buffer.Length > 0)
        {
            Add((short)(_pendingLow | (buffer[0] << 8)));
            _pendingLow = -1;
            i = 1;
        }

        for (; i + 1 < buffer.Length; i += 2)
        {
            Add((short)(buffer[i] | (buffer[i + 1] << 8)));
        }

        if (i < buffer.Length)
        {
            _pendingLow = buffer[i];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    private void Add(short sample)
    {
        _samples++;
        if (sample < _min)
        {
            _min = sample;
        }

        if (sample > _max)
        {
            _max = sample;
        }

        if (++_inPixel == samplesPerPixel)
        {
            Flush();
        }
    }

    /// <summary>Closes the pixel in progress (a partial last pixel counts, as in audiowaveform).</summary>
    public override void Flush()
    {
        if (_inPixel == 0)
        {
            return;
        }

        _data.Add(_min);
        _data.Add(_max);
        _min = short.MaxValue;
        _max = short.MinValue;
        _inPixel = 0;
    }

    /// <summary>The peaks so far, at 8 bits (each 16-bit value divided by 256, as audiowaveform does) or 16.</summary>
    public WaveformPeaks ToPeaks(int bits = 8)
    {
        if (bits is not (8 or 16))
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "audiowaveform peaks have 8 or 16 bits");
        }

        Flush();
        var data = bits == 16 ? _data.Select(v => (int)v).ToArray() : _data.Select(v => v >> 8).ToArray();
        return new WaveformPeaks(2, 1, sampleRate, samplesPerPixel, bits, _data.Count / 2, data);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
