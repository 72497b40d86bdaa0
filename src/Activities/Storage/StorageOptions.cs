using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace EpisodeBuilder.Activities.Storage;

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

    /// <summary>Project that owns the bucket; needed to create it (<c>Storage:ProjectId</c>).</summary>
    public string ProjectId { get; set; } = "episode-builder";

    /// <summary>Service account key file for production outside Google Cloud; empty uses application default credentials.</summary>
    public string? CredentialsFile { get; set; }

    /// <summary>Service account key that signs URLs locally; empty signs with the client's credentials (IAM signBlob on Google Cloud).</summary>
    public string? SigningKeyFile { get; set; }

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

    /// <summary>Origins allowed to load signed audio URLs in a browser (the waveform view).</summary>
    public List<string> CorsOrigins { get; set; } = ["*"];

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
