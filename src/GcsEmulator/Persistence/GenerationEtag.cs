namespace EpisodeBuilder.GcsEmulator.Persistence;

/// <summary>
/// Etags in the form GCS gives bucket metadata and bucket IAM policies: a generation number written as protobuf field 1
/// (a varint) and base64-encoded, so generation 1 is <c>CAE=</c> and 2 is <c>CAI=</c>.
/// </summary>
public static class GenerationEtag
{
    public static string Of(long generation)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(generation);
        Span<byte> bytes = stackalloc byte[11];
        bytes[0] = 0x08;
        var length = 1;
        var value = (ulong)generation;
        do
        {
            var low = (byte)(value & 0x7F);
            value >>= 7;
            bytes[length++] = value == 0 ? low : (byte)(low | 0x80);
        }
        while (value != 0);

        return Convert.ToBase64String(bytes[..length]);
    }
}
