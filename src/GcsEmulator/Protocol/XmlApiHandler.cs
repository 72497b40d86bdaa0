using System.Net;
using EpisodeBuilder.GcsEmulator.Access;
using EpisodeBuilder.GcsEmulator.Persistence;
using EpisodeBuilder.GcsEmulator.Signing;
using Microsoft.AspNetCore.Http;

namespace EpisodeBuilder.GcsEmulator.Protocol;

/// <summary>
/// XML-API path-style requests (<c>/{bucket}/{object}</c>) as browsers send them with V4 signed URLs (and podcast
/// apps without any, for objects in a public bucket): GET to download, PUT to upload, POST with
/// <c>x-goog-resumable: start</c> to open a resumable session. Verifies signed URLs when the access gate leaves that
/// to it, answers CORS preflights and adds CORS headers from the bucket's rules, refusals included.
/// </summary>
internal sealed class XmlApiHandler(ObjectRepository repository, UploadHandler uploads, SignedUrlVerifier verifier, DownloadMeter meter)
{
    public async Task HandleAsync(GcsRequest request, Uri baseUri, bool verifySignature, CancellationToken cancellationToken)
    {
        var context = request.Context;
        if (request.Segments.Length < 1)
        {
            await GcsErrors.WriteXmlAsync(context, HttpStatusCode.BadRequest, "InvalidURI", "A bucket is required.");
            return;
        }

        var bucket = request.Segments[0];
        var name = request.Segments.Length > 1 ? string.Join('/', request.Segments.Skip(1)) : null;
        if (HttpMethods.IsOptions(request.Method))
        {
            await PreflightAsync(context, bucket);
            return;
        }

        AddCorsHeaders(context, bucket);
        var rawQuery = ParseRawQuery(request.RawQuery);
        if (verifySignature && verifier.Verify(context.Request, request.RawPath, rawQuery) is { } rejection)
        {
            var status = rejection.Code == "ExpiredToken" ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden;
            await GcsErrors.WriteXmlAsync(context, status, rejection.Code, rejection.Message);
            return;
        }

        if (name is null)
        {
            await GcsErrors.WriteXmlAsync(context, HttpStatusCode.BadRequest, "InvalidURI", "An object name is required.");
            return;
        }

        try
        {
            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            {
                var record = repository.Find(bucket, name);
                if (record is null)
                {
                    await GcsErrors.WriteXmlAsync(context, HttpStatusCode.NotFound, "NoSuchKey", "The specified key does not exist.");
                    return;
                }

                await ObjectDownloads.WriteAsync(context, repository, record, meter, cancellationToken);
            }
            else if (HttpMethods.IsPut(request.Method))
            {
                await uploads.PutWholeAsync(request, bucket, name, cancellationToken);
            }
            else if (HttpMethods.IsPost(request.Method) && context.Request.Headers["x-goog-resumable"] == "start")
            {
                var contentType = context.Request.ContentType ?? "application/octet-stream";
                var session = uploads.StartSession(bucket, name, contentType, null, Preconditions.None);
                context.Response.StatusCode = (int)HttpStatusCode.Created;
                context.Response.Headers.Location = UploadHandler.SessionUri(baseUri, bucket, session.Id);
            }
            else
            {
                await GcsErrors.WriteXmlAsync(context, HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", $"{request.Method} is not supported here.");
            }
        }
        catch (EmulatorException e)
        {
            await GcsErrors.WriteXmlAsync(context, e.Status, e.Reason, e.Message);
        }
    }

    /// <summary>Answers a request the access gate refused, in XML, with the bucket's CORS headers.</summary>
    public Task RefuseAsync(GcsRequest request, AccessRefusal refusal)
    {
        if (request.Segments.Length > 0)
        {
            AddCorsHeaders(request.Context, request.Segments[0]);
        }

        return GcsErrors.WriteXmlAsync(request.Context, refusal.XmlStatus, refusal.XmlCode, refusal.XmlMessage, refusal.XmlDetails);
    }

    private async Task PreflightAsync(HttpContext context, string bucket)
    {
        var origin = context.Request.Headers.Origin.ToString();
        var method = context.Request.Headers.AccessControlRequestMethod.ToString();
        var rule = CorsRules.Match(Bucket(bucket), origin, method);
        if (rule is null)
        {
            await GcsErrors.WriteXmlAsync(context, HttpStatusCode.Forbidden, "AccessForbidden", "CORS request not allowed by the bucket's CORS configuration.");
            return;
        }

        context.Response.StatusCode = (int)HttpStatusCode.OK;
        context.Response.Headers.AccessControlAllowOrigin = origin;
        context.Response.Headers.AccessControlAllowMethods = method;
        var requested = context.Request.Headers.AccessControlRequestHeaders.ToString();
        if (requested.Length > 0)
        {
            context.Response.Headers.AccessControlAllowHeaders = requested;
        }

        if (rule.MaxAgeSeconds is { } maxAge)
        {
            context.Response.Headers.AccessControlMaxAge = maxAge.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.Headers.Vary = "Origin";
    }

    private void AddCorsHeaders(HttpContext context, string bucket)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return;
        }

        var rule = CorsRules.Match(Bucket(bucket), origin, context.Request.Method);
        if (rule is null)
        {
            return;
        }

        context.Response.Headers.AccessControlAllowOrigin = origin;
        context.Response.Headers.Vary = "Origin";
        if (rule.ResponseHeaders.Count > 0)
        {
            context.Response.Headers.AccessControlExposeHeaders = string.Join(", ", rule.ResponseHeaders);
        }
    }

    private System.Text.Json.Nodes.JsonObject? Bucket(string name) => repository.Buckets.Find(name);

    private static List<KeyValuePair<string, string>> ParseRawQuery(string rawQuery) =>
        rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p =>
            {
                var eq = p.IndexOf('=', StringComparison.Ordinal);
                return eq < 0 ? new KeyValuePair<string, string>(p, string.Empty) : new KeyValuePair<string, string>(p[..eq], p[(eq + 1)..]);
            })
            .ToList();
}
