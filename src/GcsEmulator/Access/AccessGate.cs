using EpisodeBuilder.GcsEmulator.Identity;
using EpisodeBuilder.GcsEmulator.Persistence;
using EpisodeBuilder.GcsEmulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace EpisodeBuilder.GcsEmulator.Access;

/// <summary>
/// Decides, before a storage route runs, whether the request may: a bearer token the emulator issued (unexpired, with a
/// storage scope) may do anything; a V4 signed URL is left to the XML handler to verify; a resumable session's chunks
/// ride on its upload id; an anonymous caller may read what the bucket's policy grants <c>allUsers</c>. Without
/// <see cref="GcsEmulatorOptions.RequireAuthentication"/> the JSON and upload APIs also let anonymous callers through
/// (and ignore tokens they do not know), as they always have; XML path-style requests always need one of the above.
/// </summary>
internal sealed class AccessGate(AccessTokens tokens, BucketStore buckets, bool requireAuthentication)
{
    public AccessDecision Decide(GcsRequest request)
    {
        if (HttpMethods.IsOptions(request.Method) || StorageOperation.Of(request) is not { } operation)
        {
            return AccessDecision.Granted;
        }

        switch (operation.Authority)
        {
            case StorageAuthority.SignedUrl:
                return AccessDecision.CheckSignature;
            case StorageAuthority.UploadSession or StorageAuthority.Anyone:
                return AccessDecision.Granted;
        }

        var authorization = request.Context.Request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            if (tokens.Find(authorization, out _) is { } grant)
            {
                return !requireAuthentication || StorageScopes.Permit(grant.Scopes, operation.IsRead)
                    ? AccessDecision.Granted
                    : AccessDecision.Refuse(operation, AccessRefusal.InsufficientScope());
            }

            if (requireAuthentication)
            {
                return AccessDecision.Refuse(operation, AccessRefusal.InvalidCredentials());
            }
        }

        if (operation.Bucket is { } bucket && buckets.PublicPermissions(bucket).Contains(operation.Permission))
        {
            return AccessDecision.Granted;
        }

        return requireAuthentication || operation.Xml
            ? AccessDecision.Refuse(operation, AccessRefusal.Anonymous(operation))
            : AccessDecision.Granted;
    }

    /// <summary>
    /// Which of <paramref name="permissions"/> the caller holds on the bucket (<c>testPermissions</c>): all storage
    /// permissions for an authenticated caller (or anyone, when authentication is not required), else what the bucket
    /// grants <c>allUsers</c>.
    /// </summary>
    public IReadOnlyList<string> PermissionsHeld(GcsRequest request, string bucket, IEnumerable<string> permissions)
    {
        var authenticated = !requireAuthentication || tokens.Find(request.Context.Request.Headers.Authorization.ToString(), out _) is not null;
        var granted = buckets.PublicPermissions(bucket);
        return permissions
            .Where(p => StoragePermissions.IsStorage(p) && (authenticated || granted.Contains(p)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}
