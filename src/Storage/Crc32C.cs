using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace EpisodeBuilder.Storage;

/// <summary>
/// CRC32C (Castagnoli), the checksum GCS keeps for every object, computed incrementally while an upload streams. Uses the
/// processor's CRC32C instruction (SSE4.2 or ARMv8) eight bytes at a time, so hashing a 318 MB recording costs a fraction
/// of a second; a table is the fallback.
/// </summary>
public sealed class Crc32C
{
    private const uint Polynomial = 0x82F63B78;
    private static readonly uint[] Table = BuildTable();
    private uint _crc = 0xFFFFFFFF;

    /// <summary>Adds bytes to the checksum.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = _crc;
        if (Sse42.X64.IsSupported || Crc32.Arm64.IsSupported)
        {
            var words = MemoryMarshal.Cast<byte, ulong>(data);
            foreach (var word in words)
            {
                crc = Sse42.X64.IsSupported ? (uint)Sse42.X64.Crc32(crc, word) : Crc32.Arm64.ComputeCrc32C(crc, word);
            }

            data = data[(words.Length * sizeof(ulong))..];
        }

        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        _crc = crc;
    }

    /// <summary>The checksum as GCS reports it: the four big-endian bytes, base64.</summary>
    public string ToBase64()
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, ~_crc);
        return Convert.ToBase64String(bytes);
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var entry = i;
            for (var bit = 0; bit < 8; bit++)
            {
                entry = (entry & 1) != 0 ? (entry >> 1) ^ Polynomial : entry >> 1;
            }

            table[i] = entry;
        }

        return table;
    }
}
