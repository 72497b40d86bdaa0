namespace EpisodeBuilder.Storage;

/// <summary>
/// A write-only stream that passes bytes to another and keeps their CRC32C and count as they go, so a download is
/// checked against the object's stored checksum without a second read of the file. It uses <see cref="Crc32C"/>, the
/// processor's CRC32C instruction: with the Google client's own check (<c>DownloadValidationMode.Always</c>) a 318 MB
/// download took 2.2 s on the benchmark machine (0.35 s unchecked); checked this way it takes 0.5-0.75 s.
/// </summary>
public sealed class Crc32CWriteStream(Stream inner) : Stream
{
    private readonly Crc32C _crc = new();

    /// <summary>Bytes written so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>The checksum of the bytes written so far, as GCS reports it (base64 of the big-endian value).</summary>
    public string Crc32CBase64 => _crc.ToBase64();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _crc.Append(buffer);
        BytesWritten += buffer.Length;
        inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _crc.Append(buffer.Span);
        BytesWritten += buffer.Length;
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
