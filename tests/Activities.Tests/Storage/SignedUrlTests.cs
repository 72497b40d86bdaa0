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
        var url = await _services.Get<SignedUrls>().ForUploadAsync("u/uploaded.wav", "audio/wav");
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("RIFF fake but bytes"));
        content.Headers.ContentType = new("audio/wav");

        using var response = await Http.PutAsync(new Uri(url.Url), content);

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
        var url = await _services.Get<SignedUrls>().ForUploadAsync("u/typed.wav", "audio/wav");
        using var content = new StringContent("<html/>", Encoding.UTF8, "text/html");

        using var response = await Http.PutAsync(new Uri(url.Url), content);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await _services.Get<ObjectStore>().GetAsync("u/typed.wav", CancellationToken.None));
    }
}
