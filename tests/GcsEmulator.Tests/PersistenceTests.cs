using System.Net;
using System.Text;
using Google.Cloud.Storage.V1;

namespace EpisodeBuilder.GcsEmulator.Tests;

public sealed class PersistenceTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("emulator-data-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Objects_survive_a_restart_and_an_unfinished_upload_never_appears()
    {
        var options = new GcsEmulatorOptions { Port = 0, DataDirectory = _data };
        await using (var first = await GcsEmulatorServer.StartAsync(options))
        {
            var client = new StorageClientBuilder { BaseUri = first.BaseUri.ToString(), UnauthenticatedAccess = true }.Build();
            await client.CreateBucketAsync("p", "kept");
            await client.UploadObjectAsync("kept", "a/b.txt", "text/plain", new MemoryStream("persisted"u8.ToArray()));

            // An upload session that receives part of its bytes and is never finished.
            using var http = new HttpClient { BaseAddress = first.BaseUri };
            using var start = await http.PostAsync("upload/storage/v1/b/kept/o?uploadType=resumable", new StringContent("""{"name":"half.bin"}""", Encoding.UTF8, "application/json"));
            using var chunk = new ByteArrayContent(new byte[1000]);
            chunk.Headers.TryAddWithoutValidation("Content-Range", "bytes 0-999/5000");
            using var partial = await http.PutAsync(start.Headers.Location, chunk);
            Assert.Equal(308, (int)partial.StatusCode);
        }

        await using var second = await GcsEmulatorServer.StartAsync(options);
        var again = new StorageClientBuilder { BaseUri = second.BaseUri.ToString(), UnauthenticatedAccess = true }.Build();
        using var read = new MemoryStream();
        await again.DownloadObjectAsync("kept", "a/b.txt", read);
        Assert.Equal("persisted", Encoding.UTF8.GetString(read.ToArray()));
        var error = await Assert.ThrowsAsync<Google.GoogleApiException>(() => again.GetObjectAsync("kept", "half.bin"));
        Assert.Equal(HttpStatusCode.NotFound, error.HttpStatusCode);
        Assert.Empty(Directory.GetFiles(Path.Combine(_data, "staging")));
    }
}
