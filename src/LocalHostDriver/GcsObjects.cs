using System.Net;

namespace EpisodeBuilder.LocalHostDriver;

/// <summary>Reads objects straight from the GCS emulator's JSON API, as a person checking the bucket would.</summary>
public sealed class GcsObjects(Uri emulator, string bucket = GcsObjects.PrivateBucket) : IDisposable
{
    /// <summary>Where local runs keep uploads and everything a build makes.</summary>
    public const string PrivateBucket = "episode-builder-local";

    /// <summary>Where local runs publish episodes and feeds.</summary>
    public const string PublicBucket = "episode-builder-local-public";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(10) };

    /// <summary>The emulator's URL as a local host that started one prints it (<c>GCS emulator: URL …</c>).</summary>
    public static Uri FromOutput(string output)
    {
        var line = output.Split('\n').First(l => l.StartsWith("GCS emulator:", StringComparison.Ordinal));
        return new Uri(line["GCS emulator:".Length..].Trim().Split(' ')[0].TrimEnd('/') + "/");
    }

    /// <summary>The object's bytes, or null when there is no such object.</summary>
    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri(emulator, $"storage/v1/b/{bucket}/o/{Uri.EscapeDataString(key)}?alt=media"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    public void Dispose() => _http.Dispose();
}
