using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.LocalHost.Tests;

/// <summary>
/// A reverse proxy in front of several app instances that sends each request to the next instance in turn, as a
/// scaled-out platform's load balancer may: whatever one instance made, the next request finds on another.
/// </summary>
public sealed class AlternatingFront : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase) { "Host", "Connection", "Transfer-Encoding", "Keep-Alive", "Upgrade" };
    private readonly WebApplication _app;
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromMinutes(2) };
    private readonly IReadOnlyList<Uri> _instances;
    private int _next = -1;

    private AlternatingFront(WebApplication app, IReadOnlyList<Uri> instances)
    {
        _app = app;
        _instances = instances;
    }

    /// <summary>Every request forwarded: method, path and the index of the instance that answered it.</summary>
    public ConcurrentQueue<(string Method, string Path, int Instance, int Status)> Forwarded { get; } = new();

    public Uri Url { get; private set; } = null!;

    public static async Task<AlternatingFront> StartAsync(IReadOnlyList<Uri> instances)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var front = new AlternatingFront(app, instances);
        app.Run(front.ForwardAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        front.Url = new Uri(address.TrimEnd('/') + "/");
        return front;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var index = (int)((uint)Interlocked.Increment(ref _next) % (uint)_instances.Count);
        var target = new Uri(_instances[index], context.Request.Path.Value!.TrimStart('/') + context.Request.QueryString);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        if (context.Request.ContentLength > 0 || context.Request.Headers.ContainsKey("Transfer-Encoding"))
        {
            request.Content = new StreamContent(context.Request.Body);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (!HopHeaders.Contains(name) && !request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        Forwarded.Enqueue((context.Request.Method, context.Request.Path.Value!, index, (int)response.StatusCode));
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopHeaders.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
    }
}
