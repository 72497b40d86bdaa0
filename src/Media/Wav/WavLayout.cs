using System.Buffers.Binary;
using System.Text;

namespace EpisodeBuilder.Media.Wav;

/// <summary>
/// Where the samples of a 16-bit PCM WAV file are: its format and the byte range of its <c>data</c> chunk. The product's
/// working files (<see cref="MediaOptions.SampleRate"/>, mono, <c>pcm_s16le</c>) are read and written through this, so a
/// range of seconds maps to a range of bytes: cuts copy samples and a chunk of a stored file is one ranged read.
/// </summary>
public sealed record WavLayout(int SampleRate, int Channels, long DataOffset, long DataLength)
{
    /// <summary>The canonical header length <see cref="WriteHeader"/> writes.</summary>
    public const int CanonicalHeaderLength = 44;

    /// <summary>Bytes per sample frame (all channels of one instant).</summary>
    public int BlockAlign => Channels * 2;

    public long Frames => DataLength / BlockAlign;

    public double DurationSeconds => (double)Frames / SampleRate;

    /// <summary>The frame at <paramref name="seconds"/>, clamped to the file.</summary>
    public long FrameAt(double seconds) => Math.Clamp((long)Math.Round(seconds * SampleRate), 0, Frames);

    /// <summary>The byte offset in the file of frame <paramref name="frame"/>.</summary>
    public long ByteAt(long frame) => DataOffset + (frame * BlockAlign);

    /// <summary>Reads the layout from the start of a file (the first few kilobytes are enough for the product's files).</summary>
    public static WavLayout Read(Stream stream, long? fileLength = null)
    {
        var header = new byte[12];
        ReadExactly(stream, header, "RIFF header");
        if (Encoding.ASCII.GetString(header, 0, 4) != "RIFF" || Encoding.ASCII.GetString(header, 8, 4) != "WAVE")
        {
            throw new InvalidMediaException("not a RIFF/WAVE file");
        }

        var position = 12L;
        int? rate = null, channels = null;
        var chunk = new byte[8];
        while (true)
        {
            ReadExactly(stream, chunk, "WAV chunk header");
            position += 8;
            var id = Encoding.ASCII.GetString(chunk, 0, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunk.AsSpan(4));
            if (id == "fmt ")
            {
                var fmt = new byte[size];
                ReadExactly(stream, fmt, "WAV format");
                var tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
                var bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(14));
                var pcm = tag == 1 || (tag == 0xFFFE && size >= 26 && BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(24)) == 1);
                if (!pcm || bits != 16)
                {
                    throw new InvalidMediaException($"the WAV file is not 16-bit PCM (format {tag}, {bits} bits)");
                }

                channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(2));
                rate = (int)BinaryPrimitives.ReadUInt32LittleEndian(fmt.AsSpan(4));
                position += size + (size % 2);
                if (size % 2 == 1)
                {
                    stream.ReadByte();
                }
            }
            else if (id == "data")
            {
                if (rate is null || channels is null)
                {
                    throw new InvalidMediaException("the WAV file has no format chunk before its data");
                }

                // A streamed WAV may declare 0 or 0xFFFFFFFF bytes; the file's length then says where the data ends.
                long length = size;
                if (fileLength is { } total && (size == 0 || size == uint.MaxValue || position + size > total))
                {
                    length = total - position;
                }

                return new WavLayout(rate.Value, channels.Value, position, length - (length % (channels.Value * 2)));
            }
            else
            {
                var skip = size + (size % 2);
                if (stream.CanSeek)
                {
                    stream.Seek(skip, SeekOrigin.Current);
                }
                else
                {
                    ReadExactly(stream, new byte[skip], "WAV chunk");
                }

                position += skip;
            }
        }
    }

    /// <summary>Reads the layout of a file on disk.</summary>
    public static WavLayout Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, stream.Length);
    }

    /// <summary>Writes a canonical 44-byte header for <paramref name="dataLength"/> bytes of 16-bit PCM.</summary>
    public static void WriteHeader(Stream stream, int sampleRate, int channels, long dataLength)
    {
        if (dataLength > uint.MaxValue - 36)
        {
            throw new InvalidMediaException("the audio is too long for a WAV file (over 4 GB)");
        }

        Span<byte> header = stackalloc byte[CanonicalHeaderLength];
        Encoding.ASCII.GetBytes("RIFF", header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(36 + dataLength));
        Encoding.ASCII.GetBytes("WAVEfmt ", header[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)(sampleRate * channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], (ushort)(channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], 16);
        Encoding.ASCII.GetBytes("data", header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], (uint)dataLength);
        stream.Write(header);
    }

    private static void ReadExactly(Stream stream, byte[] buffer, string what)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidMediaException($"the WAV file ends inside its {what}");
        }
    }
}
