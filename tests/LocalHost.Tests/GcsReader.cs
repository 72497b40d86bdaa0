using System.Net;

namespace EpisodeBuilder.LocalHost.Tests;

/// <summary>Reads objects straight from the GCS emulator's JSON API, as a person checking the bucket would.</summary>
public sealed class GcsReader(Uri emulator, string bucket = "episode-builder-local") : IDisposable
{
    /// <summary>Where local runs publish episodes and feeds.</summary>
    public const string PublicBucket = "episode-builder-local-public";

    private readonly HttpClient _http = new();

    public static Uri FromOutput(string output)
    {
        var line = output.Split('\n').First(l => l.StartsWith("GCS emulator:", StringComparison.Ordinal));
        return new Uri(line["GCS emulator:".Length..].Trim().Split(' ')[0]);
    }

    public async Task<byte[]?> GetAsync(string key)
    {
        using var response = await _http.GetAsync(new Uri(emulator, $"storage/v1/b/{bucket}/o/{Uri.EscapeDataString(key)}?alt=media"));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    public void Dispose() => _http.Dispose();
}
