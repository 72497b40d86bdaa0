using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace EpisodeBuilder.Bench;

/// <summary>The HTTP API as a frontend uses it: uploads through signed URLs, a build and its status, a snippet.</summary>
public sealed class BenchApi(Uri baseUrl) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(30) };

    /// <summary><c>POST /api/uploads</c>, then the file PUT to the signed URL; returns the object key.</summary>
    public async Task<string> UploadAsync(string path, string fileName, string contentType, CancellationToken cancellationToken)
    {
        using var ticketResponse = await _http.PostAsJsonAsync("api/uploads", new { fileName, contentType }, cancellationToken);
        var ticket = await ReadAsync<UploadTicketView>(ticketResponse, "POST api/uploads", cancellationToken);
        await using var file = File.OpenRead(path);
        using var content = new StreamContent(file);
        content.Headers.ContentType = new(contentType);
        using var put = await _http.PutAsync(new Uri(ticket.UploadUrl), content, cancellationToken);
        if (!put.IsSuccessStatusCode)
        {
            throw new BenchFailedException($"the upload of {fileName} was refused: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return ticket.Key;
    }

    /// <summary><c>POST /api/episodes/{id}/builds</c>; returns the build id.</summary>
    public async Task<string> StartBuildAsync(string episodeId, object request, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync($"api/episodes/{episodeId}/builds", request, cancellationToken);
        return (await ReadAsync<BuildStartedView>(response, $"POST api/episodes/{episodeId}/builds", cancellationToken)).BuildId;
    }

    public async Task<BuildStatusView> StatusAsync(string buildId, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri($"api/builds/{buildId}", UriKind.Relative), cancellationToken);
        return await ReadAsync<BuildStatusView>(response, $"GET api/builds/{buildId}", cancellationToken);
    }

    /// <summary>Polls the status every <paramref name="interval"/> until the build has ended (completed, failed or canceled).</summary>
    public async Task<BuildStatusView> WaitForEndAsync(string buildId, TimeSpan interval, Action<BuildStatusView> onChange, CancellationToken cancellationToken)
    {
        var last = string.Empty;
        while (true)
        {
            var status = await StatusAsync(buildId, cancellationToken);
            // The progress too: a fanned-out step (an hour's 20-odd transcription chunks) moves it as its parts finish.
            var now = $"{status.Status} {status.Progress} {status.Step}";
            if (now != last)
            {
                onChange(status);
                last = now;
            }

            if (status.HasEnded)
            {
                return status;
            }

            await Task.Delay(interval, cancellationToken);
        }
    }

    /// <summary><c>POST /api/episodes/{id}/snippets</c>; returns the wall time of the call in milliseconds.</summary>
    public async Task<double> TimeSnippetAsync(string episodeId, string source, double start, double end, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var response = await _http.PostAsJsonAsync($"api/episodes/{episodeId}/snippets", new { source, start, end }, cancellationToken);
        await ReadAsync<JsonElement>(response, $"POST api/episodes/{episodeId}/snippets", cancellationToken);
        return clock.Elapsed.TotalMilliseconds;
    }

    public void Dispose() => _http.Dispose();

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, string call, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new BenchFailedException($"{call} answered {(int)response.StatusCode}: {text}");
        }

        return JsonSerializer.Deserialize<T>(text, Json) ?? throw new BenchFailedException($"{call} answered an empty body");
    }

    private sealed record UploadTicketView(string Key, string UploadUrl);

    private sealed record BuildStartedView(string BuildId);
}

/// <summary>What the bench reads of <c>GET /api/builds/{id}</c>: the state, each step's timeline, the outputs and the error.</summary>
public sealed record BuildStatusView(
    string BuildId,
    string Status,
    string? Step,
    int Progress,
    IReadOnlyList<StepView> Steps,
    OutputsView Outputs,
    ErrorView? Error)
{
    public bool HasEnded => Status is "Completed" or "Failed" or "Canceled";
}

/// <summary>One step of a build's status: its name, state, times (from the orchestration clock) and worker.</summary>
public sealed record StepView(string Name, string Status, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Worker);

/// <summary>The object keys a build has produced.</summary>
public sealed record OutputsView(string? Transcript, string? Cleaned, string? Episode, string? Feed, IReadOnlyList<string>? Snippets, string? EditPlan);

/// <summary>Why a build stopped.</summary>
public sealed record ErrorView(string? Step, string? Message);
