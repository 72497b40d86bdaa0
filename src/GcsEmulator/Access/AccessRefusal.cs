using System.Net;
using EpisodeBuilder.GcsEmulator.Persistence;

namespace EpisodeBuilder.GcsEmulator.Access;

/// <summary>
/// Why the access gate turned a request away, with what GCS answers in each API: the JSON API's status, reason and
/// message (and the <c>Authorization</c> header as the location), the XML API's status, code, message and details.
/// </summary>
internal sealed record AccessRefusal(
    HttpStatusCode JsonStatus,
    string Reason,
    string Message,
    bool NamesAuthorizationHeader,
    HttpStatusCode XmlStatus,
    string XmlCode,
    string XmlMessage,
    string? XmlDetails,
    bool InvalidToken = false)
{
    /// <summary>
    /// No credentials and no public grant: 401 <c>required</c> in JSON, 403 <c>AccessDenied</c> in XML, both saying
    /// which permission the anonymous caller lacks on what.
    /// </summary>
    public static AccessRefusal Anonymous(StorageOperation operation)
    {
        var message = $"Anonymous caller does not have {operation.Permission} access to the {operation.ResourceDescription}. "
            + $"Permission '{operation.Permission}' denied on resource (or it may not exist).";
        return new(HttpStatusCode.Unauthorized, "required", message, true, HttpStatusCode.Forbidden, "AccessDenied", "Access denied.", message);
    }

    /// <summary>A bearer token the emulator did not issue, or one that expired: 401 in both APIs.</summary>
    public static AccessRefusal InvalidCredentials() => new(
        HttpStatusCode.Unauthorized, "authError", "Invalid Credentials", true, HttpStatusCode.Unauthorized, "AuthenticationRequired", "Authentication required.", null, InvalidToken: true);

    /// <summary>A valid token whose scopes do not cover Cloud Storage (or only read it, for a write): 403.</summary>
    public static AccessRefusal InsufficientScope() => new(
        HttpStatusCode.Forbidden, "forbidden", "Provided scope(s) are not authorized", false, HttpStatusCode.Forbidden, "AccessDenied", "Access denied.", "Provided scope(s) are not authorized");

    public EmulatorException ToJsonError() => new(JsonStatus, Reason, Message)
    {
        Location = NamesAuthorizationHeader ? "Authorization" : null,
        LocationType = NamesAuthorizationHeader ? "header" : null,
    };
}
