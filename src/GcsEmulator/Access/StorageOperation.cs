using EpisodeBuilder.GcsEmulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace EpisodeBuilder.GcsEmulator.Access;

/// <summary>
/// What a storage request asks to do, read from its route as <see cref="EmulatorEndpoint"/> routes it: the IAM
/// permission it needs on which bucket, whether it came by the XML API (which answers refusals in XML), and what
/// vouches for it when not the caller's credentials (a signed URL, a resumable session's upload id, or nothing).
/// </summary>
internal sealed record StorageOperation(string Permission, StorageResource Resource, string? Bucket, bool Xml, StorageAuthority Authority = StorageAuthority.Caller)
{
    public bool IsRead => StoragePermissions.IsRead(Permission);

    /// <summary>The resource as GCS's refusals name it.</summary>
    public string ResourceDescription => Resource switch
    {
        StorageResource.Project => "Google Cloud project",
        StorageResource.Bucket => "Google Cloud Storage bucket",
        _ => "Google Cloud Storage object",
    };

    /// <summary>The operation a request asks for, or null for routes that are not storage (the emulator's own).</summary>
    public static StorageOperation? Of(GcsRequest request)
    {
        var method = request.Method;
        switch (request.Segments)
        {
            case [] or ["_emulator", ..]:
                return null;
            case ["upload", "storage", "v1", "b", var bucket, "o"] when HttpMethods.IsPost(method):
                return new(StoragePermissions.ObjectsCreate, StorageResource.Object, bucket, Xml: false);
            case ["upload", "storage", "v1", "b", var bucket, "o"] when (HttpMethods.IsPut(method) && request.QueryValue("upload_id") is not null) || HttpMethods.IsDelete(method):
                return new(StoragePermissions.ObjectsCreate, StorageResource.Object, bucket, Xml: false, StorageAuthority.UploadSession);
            case ["download", "storage", "v1", .. var rest]:
                return JsonApi(method, rest);
            case ["storage", "v1", .. var rest]:
                return JsonApi(method, rest);
            case ["b", ..] when request.QueryValue("X-Goog-Signature") is null:
                return JsonApi(method, request.Segments);
            default:
                return XmlApi(request);
        }
    }

    private static StorageOperation? JsonApi(string method, string[] segments)
    {
        var read = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        var write = HttpMethods.IsPatch(method) || HttpMethods.IsPut(method);
        return segments switch
        {
            ["b"] => new(HttpMethods.IsPost(method) ? StoragePermissions.BucketsCreate : StoragePermissions.BucketsList, StorageResource.Project, null, Xml: false),
            ["b", var bucket] when read => OnBucket(StoragePermissions.BucketsGet, bucket),
            ["b", var bucket] when write => OnBucket(StoragePermissions.BucketsUpdate, bucket),
            ["b", var bucket] => OnBucket(StoragePermissions.BucketsDelete, bucket),
            ["b", var bucket, "iam"] when read => OnBucket(StoragePermissions.BucketsGetIamPolicy, bucket),
            ["b", var bucket, "iam"] => OnBucket(StoragePermissions.BucketsSetIamPolicy, bucket),
            ["b", var bucket, "iam", "testPermissions"] => OnBucket(StoragePermissions.BucketsGet, bucket) with { Authority = StorageAuthority.Anyone },
            ["b", var bucket, "o"] when read => OnBucket(StoragePermissions.ObjectsList, bucket),
            ["b", var bucket, "o"] => OnObject(StoragePermissions.ObjectsCreate, bucket),
            ["b", var bucket, "o", _] when read => OnObject(StoragePermissions.ObjectsGet, bucket),
            ["b", var bucket, "o", _] when write => OnObject(StoragePermissions.ObjectsUpdate, bucket),
            ["b", var bucket, "o", _] when HttpMethods.IsDelete(method) => OnObject(StoragePermissions.ObjectsDelete, bucket),
            ["b", _, "o", _, _, "b", var target, "o", _] => OnObject(StoragePermissions.ObjectsCreate, target),
            _ => null,
        };
    }

    private static StorageOperation XmlApi(GcsRequest request)
    {
        var method = request.Method;
        var bucket = request.Segments[0];
        var permission = method switch
        {
            _ when HttpMethods.IsGet(method) || HttpMethods.IsHead(method) => request.Segments.Length > 1 ? StoragePermissions.ObjectsGet : StoragePermissions.ObjectsList,
            _ when HttpMethods.IsDelete(method) => StoragePermissions.ObjectsDelete,
            _ => StoragePermissions.ObjectsCreate,
        };
        var signed = request.QueryValue("X-Goog-Signature") is not null;
        var resource = request.Segments.Length > 1 ? StorageResource.Object : StorageResource.Bucket;
        return new(permission, resource, bucket, Xml: true, signed ? StorageAuthority.SignedUrl : StorageAuthority.Caller);
    }

    private static StorageOperation OnBucket(string permission, string bucket) => new(permission, StorageResource.Bucket, bucket, Xml: false);

    private static StorageOperation OnObject(string permission, string bucket) => new(permission, StorageResource.Object, bucket, Xml: false);
}

/// <summary>The kind of resource a permission is checked on.</summary>
internal enum StorageResource
{
    Project,
    Bucket,
    Object,
}

/// <summary>What vouches for a storage request.</summary>
internal enum StorageAuthority
{
    /// <summary>The caller: a bearer token, or an anonymous caller the bucket's policy lets read.</summary>
    Caller,

    /// <summary>A V4 signed URL, which the XML handler verifies.</summary>
    SignedUrl,

    /// <summary>A resumable session's upload id, handed out to whoever was allowed to start it.</summary>
    UploadSession,

    /// <summary>Nobody needs to: <c>testPermissions</c> answers any caller about itself.</summary>
    Anyone,
}
