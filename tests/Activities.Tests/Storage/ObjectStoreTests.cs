using System.Diagnostics;
using System.Security.Cryptography;
using EpisodeBuilder.Activities.Tests.Infrastructure;
using EpisodeBuilder.Storage;

namespace EpisodeBuilder.Activities.Tests.Storage;

[Collection(StorageCollection.Name)]
public sealed class ObjectStoreTests(StorageFixture fixture) : IAsyncLifetime
{
    private TestServices _services = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("store-test-").FullName;

    private ObjectStore Store => _services.Get<ObjectStore>();

    public async Task InitializeAsync() => _services = await fixture.CreateServicesAsync();

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Small_file_round_trips_byte_for_byte()
    {
        var source = WriteRandom("small.bin", 12345);
        var uploaded = await Store.UploadFileAsync(source, "u/small.bin", "application/octet-stream");
        var target = Path.Combine(_dir, "back.bin");
        var downloaded = await Store.DownloadToFileAsync("u/small.bin", target, CancellationToken.None);

        Assert.Equal(Hash(source), Hash(target));
        Assert.Equal(12345, downloaded.Size);
        Assert.Equal(uploaded.Generation, downloaded.Generation);
    }

    [Fact]
    public async Task A_file_over_100_MB_streams_through_with_bounded_memory()
    {
        const long size = 120L * 1024 * 1024;
        var source = Path.Combine(_dir, "large.bin");
        await using (var file = File.Create(source))
        {
            var block = new byte[1024 * 1024];
            new Random(7).NextBytes(block);
            for (var i = 0; i < size / block.Length; i++)
            {
                block[0] = (byte)i;
                await file.WriteAsync(block);
            }
        }

        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var peak = 0L;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(20);
            }
        });

        await Store.UploadFileAsync(source, "u/large.bin", "application/octet-stream");
        var target = Path.Combine(_dir, "large-back.bin");
        await Store.DownloadToFileAsync("u/large.bin", target, CancellationToken.None);
        await sampling.CancelAsync();
        await sampler;

        Assert.Equal(size, new FileInfo(target).Length);
        Assert.Equal(Hash(source), Hash(target));
        // The managed heap never came near the file's size: bytes streamed through buffers.
        Assert.True(peak - before < 48L * 1024 * 1024, $"managed heap grew by {(peak - before) / 1024 / 1024} MB for a {size / 1024 / 1024} MB file");
    }

    [Fact]
    public async Task Upload_resumes_after_injected_failures_and_stores_correct_bytes()
    {
        var source = WriteRandom("resume.bin", 3 * 1024 * 1024 + 5);
        fixture.Emulator.Faults.FailNext(count: 2, method: "PUT", pathContains: "/upload/", statusCode: 503);

        await Store.UploadFileAsync(source, "u/resume.bin", "application/octet-stream");

        var target = Path.Combine(_dir, "resume-back.bin");
        await Store.DownloadToFileAsync("u/resume.bin", target, CancellationToken.None);
        Assert.Equal(Hash(source), Hash(target));
    }

    [Fact]
    public async Task Upload_resumes_after_a_connection_dropped_mid_chunk()
    {
        var source = WriteRandom("dropped.bin", 5 * 1024 * 1024 + 77);
        var injected = fixture.Emulator.Faults.Injected;
        fixture.Emulator.Faults.DropConnectionNext(count: 1, method: "PUT", pathContains: "/upload/");

        var stored = await Store.UploadFileAsync(source, "u/dropped.bin", "application/octet-stream");

        Assert.Equal(1, fixture.Emulator.Faults.Injected - injected);
        Assert.Equal(5 * 1024 * 1024 + 77, stored.Size);
        var target = Path.Combine(_dir, "dropped-back.bin");
        await Store.DownloadToFileAsync("u/dropped.bin", target, CancellationToken.None);
        Assert.Equal(Hash(source), Hash(target));
    }

    [Fact]
    public async Task File_upload_under_create_only_conflicts_and_leaves_the_object_as_it_was()
    {
        var first = WriteRandom("first.bin", 3 * 1024 * 1024);
        var second = WriteRandom("second.bin", 3 * 1024 * 1024 + 1);
        await Store.UploadFileAsync(first, "u/kept.bin", "application/octet-stream", WriteCondition.CreateOnly);

        await Assert.ThrowsAsync<WriteConflictException>(() => Store.UploadFileAsync(second, "u/kept.bin", "application/octet-stream", WriteCondition.CreateOnly));

        var target = Path.Combine(_dir, "kept-back.bin");
        await Store.DownloadToFileAsync("u/kept.bin", target, CancellationToken.None);
        Assert.Equal(Hash(first), Hash(target));
    }

    [Fact]
    public async Task Cancelling_an_upload_mid_file_stores_nothing()
    {
        var source = WriteRandom("cancelled.bin", 48 * 1024 * 1024);
        using var cancel = new CancellationTokenSource();
        // Cancel once the upload is under way: after its first chunks have been received.
        var upload = Store.UploadFileAsync(source, "u/cancelled.bin", "application/octet-stream", cancellationToken: cancel.Token);
        await Task.Delay(150);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload);
        Assert.Null(await Store.GetAsync("u/cancelled.bin", CancellationToken.None));
    }

    [Fact]
    public async Task Uploading_a_file_streams_its_chunks_instead_of_copying_them_into_memory()
    {
        const int chunk = 16 * 1024 * 1024;
        await using var services = await fixture.CreateServicesAsync(extra: new() { ["Storage:UploadChunkSize"] = chunk.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var store = services.Get<ObjectStore>();
        var source = WriteRandom("streamed.bin", 2 * chunk + 3);
        await store.UploadFileAsync(WriteRandom("warm-up.bin", 300_000), "u/warm-up.bin", "application/octet-stream");

        var before = GC.GetTotalAllocatedBytes(precise: true);
        await store.UploadFileAsync(source, "u/streamed.bin", "application/octet-stream");
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        // Both ends run in this process (the emulator receives through 80 KiB buffers). The Google client's uploader
        // fills a chunk-sized array (16 MiB here, 8 MiB in production, on the large-object heap) for every upload.
        Assert.True(allocated < chunk / 2, $"uploading {2 * chunk / 1024 / 1024} MiB in {chunk / 1024 / 1024} MiB chunks allocated {allocated / 1024} KiB");
    }

    [Fact]
    public void Crc32c_matches_the_standard_check_value()
    {
        var crc = new Crc32C();
        crc.Append("1234"u8);
        crc.Append("56789"u8);
        // RFC 3720 / the CRC catalogue's check value for CRC-32C is 0xE3069283.
        Assert.Equal(Convert.ToBase64String([0xE3, 0x06, 0x92, 0x83]), crc.ToBase64());
        var longer = new Crc32C();
        longer.Append(System.Text.Encoding.ASCII.GetBytes("123456789123456789"));
        var split = new Crc32C();
        split.Append(System.Text.Encoding.ASCII.GetBytes("123456789"));
        split.Append(System.Text.Encoding.ASCII.GetBytes("123456789"));
        Assert.Equal(longer.ToBase64(), split.ToBase64());
    }

    [Fact]
    public async Task Download_fails_when_crc32c_does_not_match_and_leaves_no_file()
    {
        var source = WriteRandom("corrupt.bin", 4096);
        await Store.UploadFileAsync(source, "u/corrupt.bin", "application/octet-stream");
        var stored = fixture.Emulator.ContentFileOf(_services.Bucket, "u/corrupt.bin")!;
        var bytes = await File.ReadAllBytesAsync(stored);
        bytes[100] ^= 0xFF;
        await File.WriteAllBytesAsync(stored, bytes);

        var target = Path.Combine(_dir, "corrupt-back.bin");
        await Assert.ThrowsAsync<ObjectIntegrityException>(() => Store.DownloadToFileAsync("u/corrupt.bin", target, CancellationToken.None));
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task Reading_a_text_object_fails_when_its_crc32c_does_not_match()
    {
        await Store.WriteTextAsync("u/plan.json", "{\"cuts\":[]}", "application/json", WriteCondition.CreateOnly, CancellationToken.None);
        var stored = fixture.Emulator.ContentFileOf(_services.Bucket, "u/plan.json")!;
        var bytes = await File.ReadAllBytesAsync(stored);
        bytes[3] ^= 0x01;
        await File.WriteAllBytesAsync(stored, bytes);

        var failure = await Assert.ThrowsAsync<ObjectIntegrityException>(() => Store.ReadTextAsync("u/plan.json", CancellationToken.None));
        Assert.Contains("crc32c", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_object_is_reported_as_not_found()
    {
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.DownloadToFileAsync("u/none.bin", Path.Combine(_dir, "none"), CancellationToken.None));
        Assert.Null(await Store.GetAsync("u/none.bin", CancellationToken.None));
    }

    [Fact]
    public async Task Create_only_write_conflicts_when_the_object_exists()
    {
        await Store.WriteTextAsync("u/once.txt", "first", "text/plain", WriteCondition.CreateOnly, CancellationToken.None);
        await Assert.ThrowsAsync<WriteConflictException>(() => Store.WriteTextAsync("u/once.txt", "second", "text/plain", WriteCondition.CreateOnly, CancellationToken.None));
        Assert.Equal("first", (await Store.ReadTextAsync("u/once.txt", CancellationToken.None))!.Value.Text);
    }

    [Fact]
    public async Task Compare_and_swap_with_a_stale_generation_conflicts()
    {
        var first = await Store.WriteTextAsync("u/feed.xml", "v1", "application/xml", WriteCondition.Overwrite, CancellationToken.None);
        await Store.WriteTextAsync("u/feed.xml", "v2", "application/xml", WriteCondition.IfGeneration(first.Generation), CancellationToken.None);
        await Assert.ThrowsAsync<WriteConflictException>(() => Store.WriteTextAsync("u/feed.xml", "v3", "application/xml", WriteCondition.IfGeneration(first.Generation), CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_read_modify_writes_all_land()
    {
        var writers = Enumerable.Range(0, 8).Select(i => Store.ReadModifyWriteAsync(
            "u/list.txt", current => (current ?? string.Empty) + $"[{i}]", "text/plain", CancellationToken.None));
        await Task.WhenAll(writers);

        var text = (await Store.ReadTextAsync("u/list.txt", CancellationToken.None))!.Value.Text;
        for (var i = 0; i < 8; i++)
        {
            Assert.Contains($"[{i}]", text, StringComparison.Ordinal);
        }
    }

    private string WriteRandom(string name, int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, data);
        return path;
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
