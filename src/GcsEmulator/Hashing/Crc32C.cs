namespace EpisodeBuilder.GcsEmulator.Hashing;

/// <summary>
/// CRC32C (Castagnoli), the checksum GCS reports for every object. Incremental, so large objects are hashed
/// while they stream to disk.
/// </summary>
public sealed class Crc32C
{
    private const uint Polynomial = 0x82F63B78;
    private static readonly uint[] Table = BuildTable();
    private uint _crc = 0xFFFFFFFF;

    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = _crc;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        _crc = crc;
    }

    public uint Value => ~_crc;

    /// <summary>The value as GCS writes it: four bytes, big-endian, base64.</summary>
    public string ToBase64()
    {
        var v = Value;
        return Convert.ToBase64String([(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]);
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
