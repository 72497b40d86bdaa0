using System.Net;
using System.Text.Json;
using EpisodeBuilder.GcsEmulator.Access;
using EpisodeBuilder.GcsEmulator.Faults;
using EpisodeBuilder.GcsEmulator.Identity;
using EpisodeBuilder.GcsEmulator.Persistence;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.GcsEmulator.Protocol;

/// <summary>
/// The single entry point: injects faults, then routes a request to the identity endpoints (token, STS, IAM
/// Credentials, metadata server, Azure stand-in), or, once the access gate lets it through, to the JSON API, the
/// upload API or the XML API (signed URLs) by its raw path, and turns refusals into GCS-shaped errors.
/// </summary>
internal sealed class EmulatorEndpoint(
    JsonApiHandler json,
    UploadHandler uploads,
    XmlApiHandler xml,
    IdentityEndpoints identity,
    AccessGate gate,
    FaultInjector faults,
    Func<Uri> baseUri,
    ILogger<EmulatorEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var request = GcsRequest.From(context);
        if (faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(faults.Latency, cancellationToken);
        }

        if (faults.Take(request.Method, request.RawPath + request.RawQuery) is { } fault)
        {
            logger.LogInformation("Injecting fault into {Method} {Path}", request.Method, request.RawPath);
            if (fault.Drop)
            {
                await DrainAsync(context, cancellationToken);
                context.Abort();
                return;
            }

            await DrainAsync(context, cancellationToken);
            await GcsErrors.WriteJsonAsync(context, new EmulatorException((HttpStatusCode)fault.StatusCode, "backendError", "Injected fault."));
            return;
        }

        var segments = request.Segments;
        try
        {
            if (await identity.TryHandleAsync(request, baseUri(), cancellationToken))
            {
                return;
            }

            var access = gate.Decide(request);
            if (access.Refusal is { } refusal)
            {
                await RefuseAsync(request, access, refusal);
                return;
            }

            switch (segments)
            {
                case ["_emulator", "faults"] when HttpMethods.IsPost(request.Method):
                    await ConfigureFaultsAsync(request, cancellationToken);
                    return;
                case ["upload", "storage", "v1", "b", var bucket, "o"] when HttpMethods.IsPost(request.Method):
                    await uploads.StartAsync(request, bucket, baseUri(), cancellationToken);
                    return;
                case ["upload", "storage", "v1", "b", _, "o"] when HttpMethods.IsPut(request.Method) && request.QueryValue("upload_id") is { } id:
                    await uploads.ChunkAsync(request, id, baseUri(), cancellationToken);
                    return;
                case ["upload", "storage", "v1", "b", _, "o"] when HttpMethods.IsDelete(request.Method):
                    context.Response.StatusCode = 499;
                    return;
                case ["download", "storage", "v1", .. var rest]:
                    await json.HandleAsync(request, rest, baseUri(), forceMedia: true, cancellationToken);
                    return;
                case ["storage", "v1", .. var rest]:
                    await json.HandleAsync(request, rest, baseUri(), forceMedia: false, cancellationToken);
                    return;
                case ["b", ..] when request.QueryValue("X-Goog-Signature") is null:
                    await json.HandleAsync(request, segments, baseUri(), forceMedia: false, cancellationToken);
                    return;
                default:
                    await xml.HandleAsync(request, baseUri(), access.SignatureRequired, cancellationToken);
                    return;
            }
        }
        catch (EmulatorException e)
        {
            if (!context.Response.HasStarted)
            {
                await GcsErrors.WriteJsonAsync(context, e);
            }
        }
        catch (JsonException e)
        {
            await GcsErrors.WriteJsonAsync(context, EmulatorException.Invalid(e.Message));
        }
        catch (InvalidDataException e)
        {
            await GcsErrors.WriteJsonAsync(context, EmulatorException.Invalid($"Unreadable request body: {e.Message}"));
        }
    }

    private Task RefuseAsync(GcsRequest request, AccessDecision access, AccessRefusal refusal)
    {
        logger.LogInformation("Refusing {Method} {Path}: {Reason}", request.Method, request.RawPath, refusal.Reason);
        if (access.Xml)
        {
            return xml.RefuseAsync(request, refusal);
        }

        if (refusal.InvalidToken)
        {
            request.Context.Response.Headers.WWWAuthenticate = "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"";
        }

        return GcsErrors.WriteJsonAsync(request.Context, refusal.ToJsonError());
    }

    private async Task ConfigureFaultsAsync(GcsRequest request, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync(cancellationToken);
        var count = body["count"]?.GetValue<int>() ?? 1;
        var method = body["method"]?.GetValue<string>();
        var path = body["pathContains"]?.GetValue<string>();
        if (body["drop"]?.GetValue<bool>() == true)
        {
            faults.DropConnectionNext(count, method, path);
        }
        else
        {
            faults.FailNext(count, method, path, body["statusCode"]?.GetValue<int>() ?? 503);
        }

        request.Context.Response.StatusCode = (int)HttpStatusCode.NoContent;
    }

    private static async Task DrainAsync(HttpContext context, CancellationToken cancellationToken)
    {
        try
        {
            await context.Request.Body.CopyToAsync(Stream.Null, cancellationToken);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ConnectionResetException)
        {
        }
    }
}
