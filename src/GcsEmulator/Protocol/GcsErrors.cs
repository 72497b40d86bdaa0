using System.Net;
using System.Text.Json.Nodes;
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
        var detail = new JsonObject { ["domain"] = "global", ["reason"] = error.Reason, ["message"] = error.Message };
        if (error.Location is not null)
        {
            detail["locationType"] = error.LocationType;
            detail["location"] = error.Location;
        }

        var body = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = (int)error.Status,
                ["message"] = error.Message,
                ["errors"] = new JsonArray(detail),
            },
        };
        return context.Response.WriteAsync(body.ToJsonString());
    }

    public static Task WriteXmlAsync(HttpContext context, HttpStatusCode status, string code, string message, string? details = null)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/xml; charset=UTF-8";
        var detailsElement = details is null ? string.Empty : $"<Details>{EscapeText(details)}</Details>";
        return context.Response.WriteAsync($"<?xml version='1.0' encoding='UTF-8'?><Error><Code>{code}</Code><Message>{EscapeText(message)}</Message>{detailsElement}</Error>");
    }

    /// <summary>Escapes element text as GCS does: markup characters only, quotes left as they are.</summary>
    private static string EscapeText(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
