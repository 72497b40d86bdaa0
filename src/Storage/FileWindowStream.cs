namespace EpisodeBuilder.Storage;

/// <summary>
/// A read-only window [offset, offset + length) on an open file, read front to back: the body of one resumable-upload
/// chunk, sent without copying the chunk into memory. Every read is reported to the upload's running hash.
/// </summary>
internal sealed class FileWindowStream(FileStream file, long offset, long length, ResumableFileUpload.HashedPrefix hash) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var wanted = (int)Math.Min(count, length - _read);
        if (wanted <= 0)
        {
            return 0;
        }

        var position = PositionFile();
        var read = file.Read(buffer, offset, wanted);
        return Advance(position, buffer.AsMemory(offset, read));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = (int)Math.Min(buffer.Length, length - _read);
        if (wanted <= 0)
        {
            return 0;
        }

        var position = PositionFile();
        var read = await file.ReadAsync(buffer[..wanted], cancellationToken);
        return Advance(position, buffer[..read]);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private long PositionFile()
    {
        var position = offset + _read;
        file.Position = position;
        return position;
    }

    private int Advance(long position, ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            throw new IOException($"The file ended at {position}, inside a chunk that should reach {offset + length}.");
        }

        hash.Observe(position, bytes);
        _read += bytes.Length;
        return bytes.Length;
    }
}
