using System.Net;
using System.Text;
using Google;
using Google.Cloud.Storage.V1;

namespace EpisodeBuilder.GcsEmulator.Tests;

/// <summary>The real Google.Cloud.Storage.V1 client cannot tell the emulator from GCS for what the product does.</summary>
public sealed class ClientConformanceTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private StorageClient Client => emulator.Client;

    [Fact]
    public async Task Uploaded_bytes_download_identically_with_hash_validation()
    {
        var bucket = await emulator.NewBucketAsync();
        var data = RandomBytes(3 * 256 * 1024 + 17);
        var uploaded = await Client.UploadObjectAsync(bucket, "a/b/c.bin", "application/octet-stream", new MemoryStream(data), new UploadObjectOptions { ChunkSize = 256 * 1024 });

        using var target = new MemoryStream();
        await Client.DownloadObjectAsync(bucket, "a/b/c.bin", target, new DownloadObjectOptions { DownloadValidationMode = DownloadValidationMode.Always });

        Assert.Equal(data, target.ToArray());
        Assert.Equal((ulong)data.Length, uploaded.Size);
        Assert.NotNull(uploaded.Crc32c);
        Assert.NotNull(uploaded.Md5Hash);
    }

    [Fact]
    public async Task Empty_object_round_trips()
    {
        var bucket = await emulator.NewBucketAsync();
        await Client.UploadObjectAsync(bucket, "empty", "text/plain", new MemoryStream());
        using var target = new MemoryStream();
        await Client.DownloadObjectAsync(bucket, "empty", target);
        Assert.Equal(0, target.Length);
        Assert.Equal(0UL, (await Client.GetObjectAsync(bucket, "empty")).Size);
    }

    [Fact]
    public async Task Create_only_precondition_refuses_a_second_write_with_412()
    {
        var bucket = await emulator.NewBucketAsync();
        var options = new UploadObjectOptions { IfGenerationMatch = 0 };
        await Client.UploadObjectAsync(bucket, "once", "text/plain", Stream("1"), options);

        var error = await Assert.ThrowsAsync<GoogleApiException>(() => Client.UploadObjectAsync(bucket, "once", "text/plain", Stream("2"), options));

        Assert.Equal(HttpStatusCode.PreconditionFailed, error.HttpStatusCode);
        Assert.Equal("1", await ReadAsync(bucket, "once"));
    }

    [Fact]
    public async Task Compare_and_swap_succeeds_on_the_live_generation_and_fails_on_a_stale_one()
    {
        var bucket = await emulator.NewBucketAsync();
        var first = await Client.UploadObjectAsync(bucket, "feed.xml", "application/xml", Stream("v1"));
        var second = await Client.UploadObjectAsync(bucket, "feed.xml", "application/xml", Stream("v2"), new UploadObjectOptions { IfGenerationMatch = first.Generation });

        var error = await Assert.ThrowsAsync<GoogleApiException>(() =>
            Client.UploadObjectAsync(bucket, "feed.xml", "application/xml", Stream("v3"), new UploadObjectOptions { IfGenerationMatch = first.Generation }));

        Assert.Equal(HttpStatusCode.PreconditionFailed, error.HttpStatusCode);
        Assert.True(second.Generation > first.Generation);
        Assert.Equal("v2", await ReadAsync(bucket, "feed.xml"));
    }

    [Fact]
    public async Task Listing_pages_through_every_object_and_groups_prefixes()
    {
        var bucket = await emulator.NewBucketAsync();
        for (var i = 0; i < 25; i++)
        {
            await Client.UploadObjectAsync(bucket, $"items/{i:D2}.txt", "text/plain", Stream("x"));
        }

        await Client.UploadObjectAsync(bucket, "items/sub/deep.txt", "text/plain", Stream("x"));

        var pages = await Client.ListObjectsAsync(bucket, "items/", new ListObjectsOptions { PageSize = 10 }).AsRawResponses().ToListAsync();
        var names = pages.SelectMany(p => p.Items ?? []).Select(o => o.Name).ToList();
        Assert.Equal(26, names.Count);
        Assert.Equal(3, pages.Count);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);

        var shallow = await Client.ListObjectsAsync(bucket, "items/", new ListObjectsOptions { Delimiter = "/" }).AsRawResponses().ToListAsync();
        Assert.Equal(25, shallow.SelectMany(p => p.Items ?? []).Count());
        Assert.Equal(["items/sub/"], shallow.SelectMany(p => p.Prefixes ?? []));
    }

    [Fact]
    public async Task Copy_patch_and_delete_behave_like_gcs()
    {
        var bucket = await emulator.NewBucketAsync();
        var original = await Client.UploadObjectAsync(bucket, "src.txt", "text/plain", Stream("hello"));
        var copy = await Client.CopyObjectAsync(bucket, "src.txt", bucket, "dst.txt");
        Assert.Equal(original.Crc32c, copy.Crc32c);
        Assert.Equal("hello", await ReadAsync(bucket, "dst.txt"));

        copy.Metadata = new Dictionary<string, string> { ["episode"] = "42" };
        var patched = await Client.PatchObjectAsync(copy);
        Assert.Equal(copy.Metageneration + 1, patched.Metageneration);
        Assert.Equal("42", patched.Metadata["episode"]);

        await Client.DeleteObjectAsync(bucket, "dst.txt");
        var missing = await Assert.ThrowsAsync<GoogleApiException>(() => Client.GetObjectAsync(bucket, "dst.txt"));
        Assert.Equal(HttpStatusCode.NotFound, missing.HttpStatusCode);
    }

    [Fact]
    public async Task Upload_resumes_after_an_injected_503_on_a_chunk()
    {
        var bucket = await emulator.NewBucketAsync();
        var data = RandomBytes(4 * 256 * 1024);
        emulator.Server.Faults.FailNext(count: 1, method: "PUT", pathContains: "/upload/", statusCode: 503);

        await Client.UploadObjectAsync(bucket, "resumed.bin", null, new MemoryStream(data), new UploadObjectOptions { ChunkSize = 256 * 1024 });

        using var target = new MemoryStream();
        await Client.DownloadObjectAsync(bucket, "resumed.bin", target);
        Assert.Equal(data, target.ToArray());
        Assert.True(emulator.Server.Faults.Injected >= 1);
    }

    [Fact]
    public async Task Signed_resumable_post_opens_a_session_that_accepts_the_upload()
    {
        var bucket = await emulator.NewBucketAsync();
        var key = EpisodeBuilder.GcsEmulator.Signing.DevServiceAccount.CreateKeyJson("resumable@t.iam.gserviceaccount.com");
        emulator.Server.TrustServiceAccount(key);
        var signer = UrlSigner.FromCredential(Google.Apis.Auth.OAuth2.CredentialFactory.FromJson<Google.Apis.Auth.OAuth2.ServiceAccountCredential>(key));
        var template = UrlSigner.RequestTemplate.FromBucket(bucket).WithObjectName("big/upload.wav").WithHttpMethod(HttpMethod.Post)
            .WithRequestHeaders([new KeyValuePair<string, IEnumerable<string>>("x-goog-resumable", ["start"])]);
        var url = await signer.SignAsync(template, UrlSigner.Options.FromDuration(TimeSpan.FromMinutes(5)).WithScheme("http")
            .WithHost(emulator.Server.BaseUri.Host).WithPort(emulator.Server.BaseUri.Port).WithUrlStyle(UrlSigner.UrlStyle.PathStyle));

        using var start = new HttpRequestMessage(HttpMethod.Post, url);
        start.Headers.Add("x-goog-resumable", "start");
        using var started = await emulator.Http.SendAsync(start);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);

        using var content = new ByteArrayContent(RandomBytes(1000));
        using var finished = await emulator.Http.PutAsync(started.Headers.Location, content);
        Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
        Assert.Equal(1000UL, (await Client.GetObjectAsync(bucket, "big/upload.wav")).Size);
    }

    private static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));

    private async Task<string> ReadAsync(string bucket, string name)
    {
        using var target = new MemoryStream();
        await Client.DownloadObjectAsync(bucket, name, target);
        return Encoding.UTF8.GetString(target.ToArray());
    }

    private static byte[] RandomBytes(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        return data;
    }
}
