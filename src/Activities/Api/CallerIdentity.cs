using EpisodeBuilder.Activities.Storage;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.Api;

/// <summary>
/// Works out the calling user from request headers: App Service authentication's principal id, or (only where
/// configuration allows it) <c>X-User-Id</c>. A user id must be safe to use as a key prefix.
/// </summary>
public sealed class CallerIdentity(IOptions<ApiOptions> options)
{
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL-ID";
    public const string UserIdHeader = "X-User-Id";

    /// <summary>The user id, or null when the caller is not authenticated.</summary>
    public string? Resolve(Func<string, string?> header)
    {
        var user = header(PrincipalHeader);
        if (string.IsNullOrWhiteSpace(user) && options.Value.AllowUserIdHeader)
        {
            user = header(UserIdHeader);
        }

        if (string.IsNullOrWhiteSpace(user))
        {
            return null;
        }

        // Entra object ids are GUIDs with dashes: already in the safe charset.
        return ObjectKeys.IsValidId(user) ? user : null;
    }
}
