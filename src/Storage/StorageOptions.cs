using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace EpisodeBuilder.Storage;

/// <summary>
/// Where the product's files live (section <c>Storage</c>). In production: a bucket and credentials; locally and
/// in tests: the same plus <c>STORAGE_EMULATOR_HOST</c>, the standard switch that points the client at an emulator.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>The GCS bucket every object of the product lives in (<c>Storage:Bucket</c>).</summary>
    [Required(ErrorMessage = "Storage:Bucket is required: the GCS bucket that holds every file the product makes.")]
    [RegularExpression("^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$", ErrorMessage = "Storage:Bucket is not a valid GCS bucket name (3-63 of a-z, 0-9, '.', '_', '-').")]
    public string Bucket { get; set; } = string.Empty;

    /// <summary>
    /// The bucket published episodes and feeds are copied to (<c>Storage:PublicBucket</c>), readable by anyone:
    /// <c>setup-bucket</c> grants allUsers objectViewer on it, and keeps <see cref="Bucket"/> private (uniform access,
    /// public access prevention enforced). Required against GCS; empty against the emulator keeps published files in
    /// <see cref="Bucket"/>.
    /// </summary>
    [RegularExpression("^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$", ErrorMessage = "Storage:PublicBucket is not a valid GCS bucket name.")]
    public string? PublicBucket { get; set; }

    /// <summary>Project that owns the bucket; needed to create it (<c>Storage:ProjectId</c>).</summary>
    public string ProjectId { get; set; } = "episode-builder";

    /// <summary>Where the Google credentials come from (<c>Storage:Credentials</c>; see <see cref="CredentialSource"/>).</summary>
    public CredentialSource Credentials { get; set; } = CredentialSource.Auto;

    /// <summary>
    /// A Google credential file (<c>Storage:CredentialsFile</c>): an <c>external_account</c> configuration for Workload
    /// Identity Federation from Azure (no key held), or a service account key.
    /// </summary>
    public string? CredentialsFile { get; set; }

    /// <summary>
    /// A service account key that signs URLs (<c>Storage:SigningKeyFile</c>): the local dev signer. Empty signs with the
    /// credentials' own key, or through IAM signBlob as <see cref="SigningServiceAccount"/>.
    /// </summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>
    /// The service account URLs are signed as, through the IAM Credentials API's signBlob (<c>Storage:SigningServiceAccount</c>).
    /// Empty: the account an <c>external_account</c> configuration impersonates.
    /// </summary>
    public string? SigningServiceAccount { get; set; }

    /// <summary>
    /// The audience of the Workload Identity Federation provider that trusts the app's Azure managed identity
    /// (<c>Storage:WorkloadIdentityProvider</c>, with <see cref="CredentialSource.AzureManagedIdentity"/>):
    /// <c>//iam.googleapis.com/projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER</c>.
    /// </summary>
    public string? WorkloadIdentityProvider { get; set; }

    /// <summary>
    /// The Entra application ID URI the managed identity's token is asked for (<c>Storage:AzureTokenResource</c>, e.g.
    /// <c>api://episode-builder-gcs</c>): the provider's allowed audience.
    /// </summary>
    public string? AzureTokenResource { get; set; }

    /// <summary>A user-assigned managed identity's client id (<c>Storage:ManagedIdentityClientId</c>); empty uses the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Google's Security Token Service (<c>Storage:StsUrl</c>), where the Azure token is exchanged; the emulator serves it in tests.</summary>
    [Url(ErrorMessage = "Storage:StsUrl must be an absolute URL.")]
    public string StsUrl { get; set; } = "https://sts.googleapis.com/v1/token";

    /// <summary>Base URL of the IAM Credentials API (<c>Storage:IamCredentialsUrl</c>); the emulator serves it in tests.</summary>
    [Url(ErrorMessage = "Storage:IamCredentialsUrl must be an absolute URL.")]
    public string IamCredentialsUrl { get; set; } = "https://iamcredentials.googleapis.com/";

    /// <summary>The emulator's address, from the standard <c>STORAGE_EMULATOR_HOST</c> setting; empty means real GCS.</summary>
    [ConfigurationKeyName("STORAGE_EMULATOR_HOST")]
    public string? EmulatorHost { get; set; }

    /// <summary>How long signed read URLs stay valid (default one hour).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Storage:ReadUrlLifetime must be between 1 second and 7 days (the V4 maximum).")]
    public TimeSpan ReadUrlLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long signed upload URLs stay valid.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Storage:UploadUrlLifetime must be between 1 second and 7 days (the V4 maximum).")]
    public TimeSpan UploadUrlLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Resumable upload chunk size in bytes (a multiple of 256 KiB).</summary>
    [Range(262144, 268435456, ErrorMessage = "Storage:UploadChunkSize must be between 256 KiB and 256 MiB.")]
    public int UploadChunkSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Bytes a download copies at a time (the Google client's download "chunk size", which is the size of the buffer it
    /// allocates for every download; its default is 10 MiB). The default, 80 KiB, stays under the .NET large-object
    /// threshold (85,000 bytes), so a build's hundred-odd downloads (even 4 KiB header probes) leave no 10 MiB arrays for
    /// a full collection to find, and the app's memory does not grow with a build's length.
    /// </summary>
    [Range(4096, 10485760, ErrorMessage = "Storage:DownloadBufferSize must be between 4 KiB and 10 MiB (the Google client's maximum).")]
    public int DownloadBufferSize { get; set; } = 80 * 1024;

    /// <summary>
    /// Origins allowed to use the buckets from a browser (<c>Storage:CorsOrigins</c>): the page that uploads recordings and
    /// plays signed audio, and web players of published episodes. None by default; <c>*</c> only against the emulator.
    /// </summary>
    public List<string> CorsOrigins { get; set; } = [];

    /// <summary>
    /// Days a published file stays readable after a rebuild of its episode supersedes it (<c>Storage:SupersededRetentionDays</c>;
    /// default 7): long enough for podcast apps that cached the old enclosure, short enough that a slip the rebuild removed
    /// does not stay public. Publishing gives each such file that retirement date; a lifecycle rule deletes it then.
    /// </summary>
    [Range(1, 3650, ErrorMessage = "Storage:SupersededRetentionDays must be between 1 and 3650.")]
    public int SupersededRetentionDays { get; set; } = 7;

    /// <summary>
    /// Days a build's intermediates (everything under <see cref="ObjectKeys.IntermediatesPrefix"/>: working audio,
    /// transcripts, plans, staged MP3s) are kept after they were made (<c>Storage:IntermediateRetentionDays</c>; default
    /// 30). A lifecycle rule deletes them by age, whether the build published, failed or died; what a build publishes is a
    /// copy and stays. It must outlast the longest build, review included (<c>Builds:ReviewDeadline</c>).
    /// </summary>
    [Range(2, 3650, ErrorMessage = "Storage:IntermediateRetentionDays must be between 2 and 3650.")]
    public int IntermediateRetentionDays { get; set; } = 30;

    /// <summary>
    /// Days the recording and transcript uploaded for a build that failed or was canceled are kept
    /// (<c>Storage:AbandonedUploadRetentionDays</c>; default 30): time to retry it. A build that later publishes from the
    /// same upload keeps it for good.
    /// </summary>
    [Range(1, 3650, ErrorMessage = "Storage:AbandonedUploadRetentionDays must be between 1 and 3650.")]
    public int AbandonedUploadRetentionDays { get; set; } = 30;

    /// <summary>The emulator's base URI as the client uses it: scheme added and a trailing slash.</summary>
    public Uri? EmulatorBaseUri()
    {
        if (string.IsNullOrWhiteSpace(EmulatorHost))
        {
            return null;
        }

        var value = EmulatorHost.Contains("://", StringComparison.Ordinal) ? EmulatorHost : "http://" + EmulatorHost;
        return Uri.TryCreate(value.TrimEnd('/') + "/", UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"STORAGE_EMULATOR_HOST '{EmulatorHost}' is not a valid host or URL.");
    }
}
