using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace EpisodeBuilder.LocalHost.Tests;

/// <summary>The HTTP API as a frontend uses it: uploads through signed URLs, builds, status, cancel.</summary>
public sealed class BuildApi(Uri baseUrl) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };

    public async Task<string> UploadAsync(string path, string fileName, string contentType)
    {
        using var ticket = await _http.PostAsJsonAsync("api/uploads", new { fileName, contentType });
        ticket.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await ticket.Content.ReadAsStringAsync())!;
        using var content = new StreamContent(File.OpenRead(path));
        content.Headers.ContentType = new(contentType);
        using var put = await _http.PutAsync(new Uri(body["uploadUrl"]!.GetValue<string>()), content);
        put.EnsureSuccessStatusCode();
        return body["key"]!.GetValue<string>();
    }

    public async Task<string> StartAsync(string episodeId, object request)
    {
        using var response = await _http.PostAsJsonAsync($"api/episodes/{episodeId}/builds", request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!["buildId"]!.GetValue<string>();
    }

    public async Task<JsonNode> StatusAsync(string buildId) => JsonNode.Parse(await _http.GetStringAsync($"api/builds/{buildId}"))!;

    public async Task<JsonArray> ListAsync(string episodeId) => JsonNode.Parse(await _http.GetStringAsync($"api/episodes/{episodeId}/builds"))!.AsArray();

    public async Task<int> CancelAsync(string buildId)
    {
        using var response = await _http.PostAsync(new Uri($"api/builds/{buildId}/cancel", UriKind.Relative), null);
        return (int)response.StatusCode;
    }

    /// <summary>Polls until the build's current step is <paramref name="step"/> (or it ended, which fails).</summary>
    public async Task WaitForStepAsync(string buildId, string step, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var status = await StatusAsync(buildId);
            if (status["step"]?.GetValue<string>() == step)
            {
                return;
            }

            Assert.DoesNotContain(status["status"]!.GetValue<string>(), new[] { "Completed", "Failed", "Canceled" });
            await Task.Delay(100);
        }

        throw new TimeoutException($"Build {buildId} never reached step {step}: {await StatusAsync(buildId)}");
    }

    public async Task<JsonNode> WaitForEndAsync(string buildId, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            JsonNode? status = null;
            try
            {
                status = await StatusAsync(buildId);
            }
            catch (HttpRequestException)
            {
                // The API process may be restarting.
            }

            if (status?["status"]?.GetValue<string>() is "Completed" or "Failed" or "Canceled")
            {
                return status;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Build {buildId} did not end within {timeout}: {status}");
            }

            await Task.Delay(250);
        }
    }

    public void Dispose() => _http.Dispose();
}
