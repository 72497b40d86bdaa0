using System.Net;
using System.Text.Json;
using EpisodeBuilder.GcsEmulator.Persistence;
using Microsoft.AspNetCore.Http;

namespace EpisodeBuilder.GcsEmulator.Protocol;

/// <summary>Writes errors in the shapes GCS uses: JSON for the JSON API, XML for signed (XML API) requests.</summary>
internal static class GcsErrors
{
    public static Task WriteJsonAsync(HttpContext context, EmulatorException error)
    {
        context.Response.StatusCode = (int)error.Status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        var body = new
        {
            error = new
            {
                code = (int)error.Status,
                message = error.Message,
                errors = new[] { new { domain = "global", reason = error.Reason, message = error.Message } },
            },
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    public static Task WriteXmlAsync(HttpContext context, HttpStatusCode status, string code, string message)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/xml; charset=UTF-8";
        var escaped = System.Security.SecurityElement.Escape(message);
        return context.Response.WriteAsync($"<?xml version='1.0' encoding='UTF-8'?><Error><Code>{code}</Code><Message>{escaped}</Message></Error>");
    }
}
