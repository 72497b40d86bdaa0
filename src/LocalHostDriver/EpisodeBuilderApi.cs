using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace EpisodeBuilder.LocalHostDriver;

/// <summary>
/// The HTTP API as a frontend uses it: uploads through signed URLs, builds, their status, cancel, snippets. A call the
/// API refuses fails with <see cref="ApiCallException"/>, naming the call, the status and the body. With
/// <c>userId</c> every call acts as that user (<c>X-User-Id</c>, which the local host accepts); without it, as the
/// local host's default user.
/// </summary>
public sealed class EpisodeBuilderApi : IDisposable
{
    private static readonly string[] Ended = ["Completed", "Failed", "Canceled"];

    private readonly HttpClient _http;

    // The signed upload URLs go to storage, which is told nothing about the caller.
    private readonly HttpClient _storage;

    public EpisodeBuilderApi(Uri baseUrl, TimeSpan? requestTimeout = null, string? userId = null)
    {
        _http = new() { BaseAddress = baseUrl, Timeout = requestTimeout ?? TimeSpan.FromMinutes(2) };
        _storage = new() { Timeout = requestTimeout ?? TimeSpan.FromMinutes(2) };
        if (userId is not null)
        {
            _http.DefaultRequestHeaders.Add("X-User-Id", userId);
        }
    }

    /// <summary><c>POST /api/uploads</c>, then the file PUT to the signed URL; returns the object key.</summary>
    public async Task<string> UploadAsync(string path, string fileName, string contentType, CancellationToken cancellationToken = default)
    {
        using var ticketResponse = await _http.PostAsJsonAsync("api/uploads", new { fileName, contentType }, cancellationToken);
        var ticket = await ReadAsync(ticketResponse, "POST api/uploads", cancellationToken);
        await using var file = File.OpenRead(path);
        using var content = new StreamContent(file);
        content.Headers.ContentType = new(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Put, ticket["uploadUrl"]!.GetValue<string>()) { Content = content };
        foreach (var (name, value) in ticket["headers"]!.AsObject())
        {
            if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Add(name, value!.GetValue<string>());
            }
        }

        using var put = await _storage.SendAsync(request, cancellationToken);
        await ReadAsync(put, $"PUT {fileName} to its signed URL", cancellationToken, body: false);
        return ticket["key"]!.GetValue<string>();
    }

    /// <summary><c>POST /api/episodes/{id}/builds</c>; returns the build id.</summary>
    public async Task<string> StartBuildAsync(string episodeId, object request, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsJsonAsync($"api/episodes/{episodeId}/builds", request, cancellationToken);
        return (await ReadAsync(response, $"POST api/episodes/{episodeId}/builds", cancellationToken))["buildId"]!.GetValue<string>();
    }

    /// <summary><c>POST /api/builds/{id}/retry</c>: a failed or canceled build again; returns the new build's id.</summary>
    public async Task<string> RetryAsync(string buildId, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsync(new Uri($"api/builds/{buildId}/retry", UriKind.Relative), null, cancellationToken);
        return (await ReadAsync(response, $"POST api/builds/{buildId}/retry", cancellationToken))["buildId"]!.GetValue<string>();
    }

    /// <summary><c>GET /api/builds/{id}</c>.</summary>
    public async Task<JsonNode> StatusAsync(string buildId, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri($"api/builds/{buildId}", UriKind.Relative), cancellationToken);
        return await ReadAsync(response, $"GET api/builds/{buildId}", cancellationToken);
    }

    /// <summary><c>GET /api/episodes/{id}/builds</c>: the first page's builds, newest first.</summary>
    public async Task<JsonArray> ListAsync(string episodeId, CancellationToken cancellationToken = default) =>
        (await ListPageAsync(episodeId, cancellationToken: cancellationToken))["builds"]!.AsArray();

    /// <summary><c>GET /api/episodes/{id}/builds?pageSize=&amp;pageToken=</c>: <c>{ builds, nextPageToken }</c>.</summary>
    public async Task<JsonNode> ListPageAsync(string episodeId, int? pageSize = null, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        var query = string.Join('&', new[] { pageSize is null ? null : $"pageSize={pageSize}", pageToken is null ? null : $"pageToken={Uri.EscapeDataString(pageToken)}" }.Where(p => p is not null));
        var path = $"api/episodes/{episodeId}/builds" + (query.Length == 0 ? string.Empty : "?" + query);
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        return await ReadAsync(response, $"GET {path}", cancellationToken);
    }

    /// <summary><c>POST /api/builds/{id}/cancel</c>; returns the status code (202, or 409 for a build that has ended).</summary>
    public async Task<int> CancelAsync(string buildId, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsync(new Uri($"api/builds/{buildId}/cancel", UriKind.Relative), null, cancellationToken);
        return (int)response.StatusCode;
    }

    /// <summary><c>POST /api/episodes/{id}/snippets</c>: <c>{ key, url, expiresAt }</c>.</summary>
    public async Task<JsonNode> CreateSnippetAsync(string episodeId, string source, double start, double end, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsJsonAsync($"api/episodes/{episodeId}/snippets", new { source, start, end }, cancellationToken);
        return await ReadAsync(response, $"POST api/episodes/{episodeId}/snippets", cancellationToken);
    }

    /// <summary>Polls until the build's current step is <paramref name="step"/>; a build that ends first fails the wait.</summary>
    public async Task WaitForStepAsync(string buildId, string step, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var status = await StatusAsync(buildId, cancellationToken);
            if (status["step"]?.GetValue<string>() == step)
            {
                return;
            }

            if (Ended.Contains(status["status"]!.GetValue<string>()))
            {
                throw new InvalidOperationException($"Build {buildId} ended before step {step}: {status}");
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"Build {buildId} never reached step {step}: {await StatusAsync(buildId, cancellationToken)}");
    }

    /// <summary>
    /// Polls every <paramref name="interval"/> (default 250 ms) until the build has ended (completed, failed or
    /// canceled), telling <paramref name="onChange"/> each time its state, step or progress moves. An API that does not
    /// answer for a while (a process restarting) is waited for, up to <paramref name="timeout"/>.
    /// </summary>
    public async Task<JsonNode> WaitForEndAsync(string buildId, TimeSpan timeout, Action<JsonNode>? onChange = null, TimeSpan? interval = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var last = string.Empty;
        while (true)
        {
            JsonNode? status = null;
            try
            {
                status = await StatusAsync(buildId, cancellationToken);
            }
            catch (HttpRequestException)
            {
                // The API process may be restarting.
            }

            if (status is not null)
            {
                var now = $"{status["status"]} {status["progress"]} {status["step"]}";
                if (now != last)
                {
                    onChange?.Invoke(status);
                    last = now;
                }

                if (Ended.Contains(status["status"]!.GetValue<string>()))
                {
                    return status;
                }
            }

            if (timeout != Timeout.InfiniteTimeSpan && clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Build {buildId} did not end within {timeout}: {status}");
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _storage.Dispose();
    }

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response, string call, CancellationToken cancellationToken, bool body = true)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new ApiCallException(call, (int)response.StatusCode, text);
        }

        return body ? JsonNode.Parse(text) ?? throw new ApiCallException(call, (int)response.StatusCode, "an empty body") : new JsonObject();
    }
}

/// <summary>A call the API refused: which call, the status code and the body (a problem details document).</summary>
public sealed class ApiCallException(string call, int status, string body) : Exception($"{call} answered {status}: {body}")
{
    public int Status { get; } = status;

    public string Body { get; } = body;
}
