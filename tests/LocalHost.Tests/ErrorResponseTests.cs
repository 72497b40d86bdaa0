using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EpisodeBuilder.LocalHostDriver;

namespace EpisodeBuilder.LocalHost.Tests;

/// <summary>
/// Every error the API gives is a problem details document: a storage outage is a 503 with <c>Retry-After</c>, and no
/// response or log line carries a signed URL.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ErrorResponseTests : IDisposable
{
    private readonly ProcessTestContext _context = new();

    [Fact]
    public async Task Storage_outages_answer_503_problems_with_retry_after_and_the_api_recovers()
    {
        await using var backends = await SharedBackends.StartAsync(_context.Data);
        await using var server = await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, backends.Arguments("--role", "api", "--port", "0"), _context.Environment);
        using var api = new EpisodeBuilderApi(server.ApiUrl!);
        using var http = new HttpClient { BaseAddress = server.ApiUrl };
        var recording = Path.Combine(_context.Inputs, "take.wav");
        await File.WriteAllTextAsync(recording, "not yet audio");
        var key = await api.UploadAsync(recording, "take.wav", "audio/wav");

        // GCS answers every object request with 503 (more than the client's retries).
        backends.Gcs.Faults.FailNext(1000, pathContains: "/o/");
        using (var response = await http.PostAsJsonAsync("api/episodes/outage/builds", ProcessTestContext.Request(key, key, "outageshow")))
        {
            await AssertOutageAsync(response, server);
        }

        backends.Gcs.Faults.Clear();
        Assert.Equal(200, (int)(await http.GetAsync("api/episodes/outage/builds")).StatusCode);

        // The task hub's storage goes away: the status and list routes cannot read it.
        await backends.Azurite.DisposeAsync();
        using (var response = await http.GetAsync("api/episodes/outage/builds"))
        {
            await AssertOutageAsync(response, server);
        }

        AssertNoSignedUrl(server.Output);
    }

    [Fact]
    public async Task A_snippet_that_cannot_be_read_is_a_422_that_echoes_no_signed_url_in_the_response_or_the_log()
    {
        await using var server = await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, ["--port", "0", "--gcs-port", "0", "--data", _context.Data], _context.Environment);
        using var http = new HttpClient { BaseAddress = server.ApiUrl };
        using var api = new EpisodeBuilderApi(server.ApiUrl!);
        var notAudio = Path.Combine(_context.Inputs, "notes.mp3");
        await File.WriteAllTextAsync(notAudio, string.Concat(Enumerable.Repeat("these are notes, not an MP3. ", 200)));
        var key = await api.UploadAsync(notAudio, "notes.mp3", "audio/mpeg");

        using var response = await http.PostAsJsonAsync("api/episodes/ep/snippets", new { source = key, start = 0, end = 2 });
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(key, body, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Goog-", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
        await server.WaitForOutputAsync("could not be exported", TimeSpan.FromSeconds(5));
        AssertNoSignedUrl(server.Output);
    }

    private static async Task AssertOutageAsync(HttpResponseMessage response, LocalHostProcess server)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}\n{server.Tail(60)}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal(503, problem["status"]!.GetValue<int>());
        Assert.Contains("Try again", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static void AssertNoSignedUrl(string log)
    {
        var leaks = log.Split('\n').Where(l => l.Contains("X-Goog-Signature", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(leaks.Count == 0, "signed URLs in the log:\n" + string.Join('\n', leaks));
    }


    public void Dispose() => _context.Dispose();
}
