namespace EpisodeBuilder.GcsEmulator.Access;

/// <summary>The Cloud Storage IAM permissions the emulator's routes need, by their GCS names.</summary>
internal static class StoragePermissions
{
    public const string BucketsCreate = "storage.buckets.create";
    public const string BucketsDelete = "storage.buckets.delete";
    public const string BucketsGet = "storage.buckets.get";
    public const string BucketsGetIamPolicy = "storage.buckets.getIamPolicy";
    public const string BucketsList = "storage.buckets.list";
    public const string BucketsSetIamPolicy = "storage.buckets.setIamPolicy";
    public const string BucketsUpdate = "storage.buckets.update";
    public const string ObjectsCreate = "storage.objects.create";
    public const string ObjectsDelete = "storage.objects.delete";
    public const string ObjectsGet = "storage.objects.get";
    public const string ObjectsList = "storage.objects.list";
    public const string ObjectsUpdate = "storage.objects.update";

    /// <summary>Permissions that only read, which read-only OAuth scopes allow.</summary>
    public static bool IsRead(string permission) =>
        permission is BucketsGet or BucketsGetIamPolicy or BucketsList or ObjectsGet or ObjectsList;

    /// <summary>True for a bucket-level Cloud Storage permission (what <c>testPermissions</c> answers about).</summary>
    public static bool IsStorage(string permission) =>
        permission.StartsWith("storage.", StringComparison.Ordinal) && permission.Count(c => c == '.') == 2;
}
