using EpisodeBuilder.Storage;

namespace EpisodeBuilder.Activities.Tests.Storage;

public sealed class Crc32CWriteStreamTests
{
    [Fact]
    public async Task Passes_every_byte_through_and_hashes_them_in_order_whichever_write_is_used()
    {
        var bytes = new byte[300_001];
        new Random(7).NextBytes(bytes);
        var whole = new Crc32C();
        whole.Append(bytes);

        using var inner = new MemoryStream();
        var hashed = new Crc32CWriteStream(inner);
        await hashed.WriteAsync(bytes.AsMemory(0, 81_920));
        hashed.Write(bytes, 81_920, 13);
        // The array overload is the one older callers (the Google client among them) may use, so it is exercised too.
#pragma warning disable CA1835
        await hashed.WriteAsync(bytes, 81_933, 100_000);
#pragma warning restore CA1835
        hashed.Write(bytes.AsSpan(181_933));

        Assert.Equal(bytes.Length, hashed.BytesWritten);
        Assert.Equal(bytes, inner.ToArray());
        Assert.Equal(whole.ToBase64(), hashed.Crc32CBase64);
    }
}
