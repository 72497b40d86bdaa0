using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;
using EpisodeBuilder.GcsEmulator.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace EpisodeBuilder.GcsEmulator.Protocol;

/// <summary>
/// A request as the emulator routes it: the raw, still-encoded path (object names carry <c>%2F</c>), its decoded
/// segments, the query, and the body with any <c>Content-Encoding: gzip</c> undone.
/// </summary>
internal sealed class GcsRequest
{
    private GcsRequest(HttpContext context, string rawPath, string rawQuery)
    {
        Context = context;
        RawPath = rawPath;
        RawQuery = rawQuery;
        Query = QueryHelpers.ParseQuery(rawQuery);
        Segments = rawPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
    }

    public HttpContext Context { get; }

    public string Method => Context.Request.Method;

    /// <summary>The path exactly as the client sent it (percent-encoded).</summary>
    public string RawPath { get; }

    public string RawQuery { get; }

    public Dictionary<string, StringValues> Query { get; }

    public string[] Segments { get; }

    public static GcsRequest From(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (context.Request.Path + context.Request.QueryString);
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? string.Empty : target[question..];
        return new GcsRequest(context, path, query);
    }

    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) ? value.ToString() : null;

    public long? QueryLong(string name)
    {
        var value = QueryValue(name);
        if (value is null)
        {
            return null;
        }

        return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw EmulatorException.Invalid($"Invalid value for {name}: '{value}'.");
    }

    public Preconditions Preconditions(string prefix = "") => new(
        QueryLong(prefix.Length == 0 ? "ifGenerationMatch" : prefix + "GenerationMatch"),
        QueryLong(prefix.Length == 0 ? "ifGenerationNotMatch" : prefix + "GenerationNotMatch"),
        QueryLong(prefix.Length == 0 ? "ifMetagenerationMatch" : prefix + "MetagenerationMatch"),
        QueryLong(prefix.Length == 0 ? "ifMetagenerationNotMatch" : prefix + "MetagenerationNotMatch"));

    /// <summary>The request body, decompressed when the client sent it gzip-encoded.</summary>
    public Stream Body()
    {
        var encoding = Context.Request.Headers.ContentEncoding.ToString();
        return encoding.Contains("gzip", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(Context.Request.Body, CompressionMode.Decompress, leaveOpen: true)
            : Context.Request.Body;
    }

    public async Task<JsonObject> ReadJsonAsync(CancellationToken cancellationToken)
    {
        await using var body = Body();
        using var reader = new StreamReader(body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new JsonObject();
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw EmulatorException.Invalid("The request body must be a JSON object.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw EmulatorException.Invalid($"Invalid JSON payload: {e.Message}");
        }
    }
}
