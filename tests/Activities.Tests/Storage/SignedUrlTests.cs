using System.Net;
using System.Text;
using EpisodeBuilder.Activities.Tests.Infrastructure;
using EpisodeBuilder.Storage;

namespace EpisodeBuilder.Activities.Tests.Storage;

[Collection(StorageCollection.Name)]
public sealed class SignedUrlTests(StorageFixture fixture) : IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private TestServices _services = null!;

    public async Task InitializeAsync()
    {
        _services = await fixture.CreateServicesAsync();
        await _services.Get<ObjectStore>().WriteTextAsync("u/hello.txt", "hello waveform", "text/plain", WriteCondition.Overwrite, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Read_url_downloads_the_object_with_a_plain_http_client()
    {
        var url = await _services.Get<SignedUrls>().ForReadAsync("u/hello.txt");

        using var response = await Http.GetAsync(new Uri(url.Url));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, url.Url + "\n" + body);

        Assert.Equal("hello waveform", body);
        Assert.InRange((url.ExpiresAt - DateTimeOffset.UtcNow).TotalMinutes, 59, 61);
    }

    [Fact]
    public async Task Upload_url_accepts_a_put_and_the_object_appears()
    {
        var url = await _services.Get<SignedUrls>().ForUploadAsync("u/uploaded.wav", "audio/wav", 19);

        using var response = await PutAsync(url, Encoding.UTF8.GetBytes("RIFF fake but bytes"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await _services.Get<ObjectStore>().GetAsync("u/uploaded.wav", CancellationToken.None);
        Assert.Equal(19, stored!.Size);
        Assert.Equal("audio/wav", stored.ContentType);
    }

    [Fact]
    public async Task Expired_url_is_refused()
    {
        var url = await _services.Get<SignedUrls>().ForReadAsync("u/hello.txt", TimeSpan.FromSeconds(1));
        await Task.Delay(TimeSpan.FromSeconds(2.2));

        using var response = await Http.GetAsync(new Uri(url.Url));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ExpiredToken", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Url_for_another_object_is_refused()
    {
        await _services.Get<ObjectStore>().WriteTextAsync("u/secret.txt", "secret", "text/plain", WriteCondition.Overwrite, CancellationToken.None);
        var url = await _services.Get<SignedUrls>().ForReadAsync("u/hello.txt");

        using var response = await Http.GetAsync(new Uri(url.Url.Replace("hello.txt", "secret.txt", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("SignatureDoesNotMatch", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Url_with_an_altered_signature_is_refused()
    {
        var url = (await _services.Get<SignedUrls>().ForReadAsync("u/hello.txt")).Url;
        var index = url.IndexOf("X-Goog-Signature=", StringComparison.Ordinal) + "X-Goog-Signature=".Length;
        var altered = url[..index] + (url[index] == 'a' ? 'b' : 'a') + url[(index + 1)..];

        using var response = await Http.GetAsync(new Uri(altered));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Upload_url_refuses_a_different_content_type()
    {
        var url = await _services.Get<SignedUrls>().ForUploadAsync("u/typed.wav", "audio/wav", 1024);
        using var request = new HttpRequestMessage(HttpMethod.Put, url.Url) { Content = new StringContent("<html/>", Encoding.UTF8, "text/html") };
        request.Headers.Add(SignedUrls.ContentLengthRangeHeader, url.Headers[SignedUrls.ContentLengthRangeHeader]);

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await _services.Get<ObjectStore>().GetAsync("u/typed.wav", CancellationToken.None));
    }

    [Fact]
    public async Task Upload_url_refuses_a_body_larger_than_its_signed_size_range()
    {
        var url = await _services.Get<SignedUrls>().ForUploadAsync("u/large.wav", "audio/wav", 1000);

        using var response = await PutAsync(url, new byte[1001]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("EntityTooLarge", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await _services.Get<ObjectStore>().GetAsync("u/large.wav", CancellationToken.None));
    }

    [Fact]
    public async Task Upload_url_refuses_a_widened_size_range_and_one_left_out()
    {
        var url = await _services.Get<SignedUrls>().ForUploadAsync("u/widened.wav", "audio/wav", 1000);
        Assert.Equal("0,1000", url.Headers[SignedUrls.ContentLengthRangeHeader]);

        using var widened = await PutAsync(url, new byte[2000], range: "0,5000");
        using var omitted = await PutAsync(url, new byte[2000], range: null);

        Assert.Equal(HttpStatusCode.Forbidden, widened.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, omitted.StatusCode);
        Assert.Null(await _services.Get<ObjectStore>().GetAsync("u/widened.wav", CancellationToken.None));
    }

    /// <summary>PUTs <paramref name="body"/> the way the builds page does: with every header the upload ticket names (the range may be replaced).</summary>
    private static Task<HttpResponseMessage> PutAsync(SignedUrl url, byte[] body, string? range = "as signed")
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new(url.Headers["Content-Type"]);
        var sent = range == "as signed" ? url.Headers[SignedUrls.ContentLengthRangeHeader] : range;
        if (sent is not null)
        {
            request.Headers.Add(SignedUrls.ContentLengthRangeHeader, sent);
        }

        return Http.SendAsync(request);
    }
}
