using System.Net;
using EpisodeBuilder.GcsEmulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace EpisodeBuilder.GcsEmulator.Identity;

/// <summary>
/// The Compute Engine metadata server, enough for <c>ComputeCredential</c> and application default credentials:
/// <c>GET /</c> (the detection ping), <c>/computeMetadata/v1/instance/service-accounts/default/{token,email}</c>,
/// <c>/computeMetadata/v1/project/project-id</c> and <c>/computeMetadata/v1/universe/universe-domain</c>. Requests
/// must carry <c>Metadata-Flavor: Google</c> (403 otherwise); every response carries it back.
/// </summary>
internal sealed class MetadataServerHandler(ServiceAccountKeys keys, AccessTokens tokens, string? defaultServiceAccount, string projectId, TimeProvider time)
{
    public const string FlavorHeader = "Metadata-Flavor";
    public const string Flavor = "Google";

    /// <summary>The scopes of a metadata token asked for without <c>scopes</c>, as on a VM with full API access.</summary>
    private static readonly string[] DefaultScopes = ["https://www.googleapis.com/auth/cloud-platform"];
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    /// <summary>True for a request that asks for the metadata server: one with <c>Metadata-Flavor: Google</c>.</summary>
    public static bool IsMetadataRequest(HttpContext context) => context.Request.Headers[FlavorHeader].ToString() == Flavor;

    /// <summary><c>GET /</c> with the header: what Google.Apis.Auth sends to detect that it runs on Google Cloud.</summary>
    public static Task RootAsync(HttpContext context)
    {
        context.Response.Headers[FlavorHeader] = Flavor;
        return TextAsync(context, "computeMetadata/\n");
    }

    /// <summary>Paths below <c>/computeMetadata/v1/</c>.</summary>
    public Task HandleAsync(GcsRequest request, string[] path)
    {
        var context = request.Context;
        context.Response.Headers[FlavorHeader] = Flavor;
        if (!IsMetadataRequest(context))
        {
            return TextAsync(context, $"Missing required header \"{FlavorHeader}\": \"{Flavor}\"\n", HttpStatusCode.Forbidden);
        }

        if (!HttpMethods.IsGet(request.Method))
        {
            return TextAsync(context, "Method not allowed\n", HttpStatusCode.MethodNotAllowed);
        }

        return path switch
        {
            ["instance", "service-accounts", var account, "token"] => TokenAsync(request, account),
            ["instance", "service-accounts", var account, "email"] => WithAccount(context, account, email => TextAsync(context, email)),
            ["project", "project-id"] => TextAsync(context, projectId),
            ["universe", "universe-domain"] => TextAsync(context, "googleapis.com"),
            _ => TextAsync(context, "Not found\n", HttpStatusCode.NotFound),
        };
    }

    private Task TokenAsync(GcsRequest request, string account) => WithAccount(request.Context, account, email =>
    {
        var requested = (request.QueryValue("scopes") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var grant = tokens.Issue(email, TokenLifetime, requested.Length > 0 ? requested : DefaultScopes);
        return IdentityResponses.JsonAsync(request.Context, new
        {
            access_token = grant.Token,
            expires_in = grant.ExpiresInSeconds(time),
            token_type = "Bearer",
        });
    });

    /// <summary>Resolves <c>default</c> (or the default account's own email) to the account this "VM" runs as.</summary>
    private Task WithAccount(HttpContext context, string account, Func<string, Task> respond)
    {
        var email = defaultServiceAccount ?? keys.FirstEmail;
        if (email is null || !keys.TryGet(email, out var key))
        {
            return TextAsync(
                context,
                $"No default service account: trust a service account key ({nameof(GcsEmulatorOptions.ServiceAccountKeyFiles)}) " +
                $"or name a trusted one in {nameof(GcsEmulatorOptions.MetadataServiceAccount)}.\n",
                HttpStatusCode.NotFound);
        }

        return account == "default" || string.Equals(account, key.Email, StringComparison.OrdinalIgnoreCase)
            ? respond(key.Email)
            : TextAsync(context, $"Service account {account} is not attached to this instance.\n", HttpStatusCode.NotFound);
    }

    private static Task TextAsync(HttpContext context, string text, HttpStatusCode status = HttpStatusCode.OK)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/text";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
