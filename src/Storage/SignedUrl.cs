namespace EpisodeBuilder.Storage;

/// <summary>A V4 signed URL with what a browser must send along with it.</summary>
public sealed record SignedUrl(string Url, string Method, DateTimeOffset ExpiresAt, IReadOnlyDictionary<string, string> Headers);
