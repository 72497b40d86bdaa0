using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace EpisodeBuilder.GcsEmulator.Identity;

/// <summary>
/// Writes identity responses in the shapes the real services use: OAuth 2 errors (<c>{error, error_description}</c>)
/// from token endpoints, Google API errors (<c>{error: {code, message, status}}</c>) from IAM Credentials.
/// </summary>
internal static class IdentityResponses
{
    public static Task JsonAsync(HttpContext context, object body, HttpStatusCode status = HttpStatusCode.OK)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }

    public static Task OAuthErrorAsync(HttpContext context, string error, string description, HttpStatusCode status = HttpStatusCode.BadRequest) =>
        JsonAsync(context, new { error, error_description = description }, status);

    public static Task GoogleErrorAsync(HttpContext context, HttpStatusCode status, string message)
    {
        if (status == HttpStatusCode.Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"https://accounts.google.com/\"";
        }

        var name = status switch
        {
            HttpStatusCode.BadRequest => "INVALID_ARGUMENT",
            HttpStatusCode.Unauthorized => "UNAUTHENTICATED",
            HttpStatusCode.Forbidden => "PERMISSION_DENIED",
            HttpStatusCode.NotFound => "NOT_FOUND",
            _ => "UNKNOWN",
        };
        return JsonAsync(context, new { error = new { code = (int)status, message, status = name } }, status);
    }
}
