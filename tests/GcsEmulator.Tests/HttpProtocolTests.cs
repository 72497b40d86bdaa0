using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace EpisodeBuilder.GcsEmulator.Tests;

/// <summary>The emulator at the HTTP level: status codes, headers and error bodies in GCS's shape.</summary>
public sealed class HttpProtocolTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private HttpClient Http => emulator.Http;

    private async Task<string> StartSessionAsync(string bucket, string name, string query = "")
    {
        using var response = await Http.PostAsync($"upload/storage/v1/b/{bucket}/o?uploadType=resumable{query}", new StringContent($$"""{"name":"{{name}}","contentType":"text/plain"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.Location!.ToString();
    }

    private async Task<HttpResponseMessage> PutChunkAsync(string session, byte[] data, string contentRange)
    {
        using var content = new ByteArrayContent(data);
        content.Headers.TryAddWithoutValidation("Content-Range", contentRange);
        return await Http.PutAsync(new Uri(session), content);
    }

    [Fact]
    public async Task Missing_object_is_404_with_a_gcs_shaped_json_error()
    {
        var bucket = await emulator.NewBucketAsync();
        using var response = await Http.GetAsync($"storage/v1/b/{bucket}/o/nothing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(404, error["code"]!.GetValue<int>());
        Assert.Equal("notFound", error["errors"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Creating_an_existing_bucket_is_409()
    {
        var bucket = await emulator.NewBucketAsync();
        using var response = await Http.PostAsync("storage/v1/b?project=p", new StringContent($$"""{"name":"{{bucket}}"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Resumable_chunks_get_308_with_the_persisted_range_then_200()
    {
        var bucket = await emulator.NewBucketAsync();
        var session = await StartSessionAsync(bucket, "chunked.txt");
        var data = Encoding.UTF8.GetBytes(new string('x', 300));

        using var first = await PutChunkAsync(session, data[..100], "bytes 0-99/*");
        Assert.Equal(308, (int)first.StatusCode);
        Assert.Equal("bytes=0-99", first.Headers.GetValues("Range").Single());

        using var query = await PutChunkAsync(session, [], "bytes */*");
        Assert.Equal(308, (int)query.StatusCode);
        Assert.Equal("bytes=0-99", query.Headers.GetValues("Range").Single());

        // A retried chunk overlapping what was received is accepted without duplicating bytes.
        using var second = await PutChunkAsync(session, data[50..200], "bytes 50-199/*");
        Assert.Equal("bytes=0-199", second.Headers.GetValues("Range").Single());

        using var last = await PutChunkAsync(session, data[200..], "bytes 200-299/300");
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.Equal("300", JsonNode.Parse(await last.Content.ReadAsStringAsync())!["size"]!.GetValue<string>());
        Assert.Equal(data, await Http.GetByteArrayAsync($"storage/v1/b/{bucket}/o/chunked.txt?alt=media"));
    }

    [Fact]
    public async Task Final_chunk_with_a_wrong_crc32c_is_rejected_and_nothing_is_stored()
    {
        var bucket = await emulator.NewBucketAsync();
        var session = await StartSessionAsync(bucket, "bad-hash.txt");
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("hello"));
        content.Headers.TryAddWithoutValidation("Content-Range", "bytes 0-4/5");
        content.Headers.TryAddWithoutValidation("x-goog-hash", "crc32c=AAAAAA==");

        using var response = await Http.PutAsync(new Uri(session), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var missing = await Http.GetAsync($"storage/v1/b/{bucket}/o/bad-hash.txt");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Preconditions_given_when_a_session_starts_are_enforced_when_it_completes()
    {
        var bucket = await emulator.NewBucketAsync();
        var session = await StartSessionAsync(bucket, "guarded.txt", "&ifGenerationMatch=0");
        await emulator.Client.UploadObjectAsync(bucket, "guarded.txt", "text/plain", new MemoryStream("someone else"u8.ToArray()));

        using var response = await PutChunkAsync(session, "mine"u8.ToArray(), "bytes 0-3/4");

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("conditionNotMet", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["errors"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Range_download_is_206_with_content_range_and_no_whole_object_hash()
    {
        var bucket = await emulator.NewBucketAsync();
        await emulator.Client.UploadObjectAsync(bucket, "r.txt", "text/plain", new MemoryStream("0123456789"u8.ToArray()));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"storage/v1/b/{bucket}/o/r.txt?alt=media");
        request.Headers.Range = new RangeHeaderValue(2, 5);

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("bytes 2-5/10", response.Content.Headers.ContentRange!.ToString());
        Assert.Equal("2345", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("x-goog-hash"));

        using var whole = await Http.GetAsync($"storage/v1/b/{bucket}/o/r.txt?alt=media");
        Assert.Contains("crc32c=", whole.Headers.GetValues("x-goog-hash").Single(), StringComparison.Ordinal);
        Assert.NotNull(whole.Headers.GetValues("x-goog-generation").Single());
    }

    [Fact]
    public async Task Unsatisfiable_range_is_416()
    {
        var bucket = await emulator.NewBucketAsync();
        await emulator.Client.UploadObjectAsync(bucket, "short.txt", "text/plain", new MemoryStream("abc"u8.ToArray()));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"storage/v1/b/{bucket}/o/short.txt?alt=media");
        request.Headers.Range = new RangeHeaderValue(10, 20);

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
    }

    [Fact]
    public async Task Gzip_request_bodies_are_decompressed()
    {
        var bucket = await emulator.NewBucketAsync();
        var session = await StartSessionAsync(bucket, "gz.txt");
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync("squeezed"u8.ToArray());
        }

        using var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");
        content.Headers.TryAddWithoutValidation("Content-Range", "bytes 0-7/8");
        using var response = await Http.PutAsync(new Uri(session), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("squeezed", await Http.GetStringAsync($"storage/v1/b/{bucket}/o/gz.txt?alt=media"));
    }

    [Fact]
    public async Task Listing_pages_with_max_results_and_page_tokens_over_the_json_api()
    {
        var bucket = await emulator.NewBucketAsync();
        for (var i = 0; i < 5; i++)
        {
            await emulator.Client.UploadObjectAsync(bucket, $"p/{i}", "text/plain", new MemoryStream([1]));
        }

        var first = JsonNode.Parse(await Http.GetStringAsync($"storage/v1/b/{bucket}/o?maxResults=2"))!;
        var token = first["nextPageToken"]!.GetValue<string>();
        var second = JsonNode.Parse(await Http.GetStringAsync($"storage/v1/b/{bucket}/o?maxResults=2&pageToken={Uri.EscapeDataString(token)}"))!;
        var third = JsonNode.Parse(await Http.GetStringAsync($"storage/v1/b/{bucket}/o?maxResults=2&pageToken={Uri.EscapeDataString(second["nextPageToken"]!.GetValue<string>())}"))!;

        Assert.Equal(["p/0", "p/1"], first["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
        Assert.Equal(["p/2", "p/3"], second["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
        Assert.Equal(["p/4"], third["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
        Assert.Null(third["nextPageToken"]);
    }

    [Fact]
    public async Task Json_api_is_served_under_both_root_and_storage_v1()
    {
        var bucket = await emulator.NewBucketAsync();
        Assert.Equal(bucket, JsonNode.Parse(await Http.GetStringAsync($"b/{bucket}"))!["name"]!.GetValue<string>());
        Assert.Equal(bucket, JsonNode.Parse(await Http.GetStringAsync($"storage/v1/b/{bucket}"))!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Injected_faults_answer_503_then_the_route_recovers()
    {
        var bucket = await emulator.NewBucketAsync();
        emulator.Server.Faults.FailNext(count: 1, method: "GET", pathContains: $"/b/{bucket}", statusCode: 503);

        using var failed = await Http.GetAsync($"storage/v1/b/{bucket}");
        using var recovered = await Http.GetAsync($"storage/v1/b/{bucket}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task Dropped_connection_fault_aborts_the_request()
    {
        var bucket = await emulator.NewBucketAsync();
        emulator.Server.Faults.DropConnectionNext(count: 1, method: "GET", pathContains: $"/b/{bucket}");

        await Assert.ThrowsAsync<HttpRequestException>(() => Http.GetAsync($"storage/v1/b/{bucket}"));
        using var recovered = await Http.GetAsync($"storage/v1/b/{bucket}");
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task Unsigned_xml_path_request_is_refused()
    {
        var bucket = await emulator.NewBucketAsync();
        await emulator.Client.UploadObjectAsync(bucket, "private.txt", "text/plain", new MemoryStream("x"u8.ToArray()));
        using var response = await Http.GetAsync($"{bucket}/private.txt");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
