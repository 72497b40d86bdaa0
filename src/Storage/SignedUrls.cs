using Google.Apis.Auth.OAuth2;
using Google.Cloud.Storage.V1;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Storage;

/// <summary>
/// V4 signed URLs: for reading (snippets, the final episode) and for uploading (the frontend PUTs a recording
/// straight to GCS). Signed as <see cref="StorageCredentials"/> decided at start-up: with a key, or keyless through IAM
/// signBlob. Against the emulator the URLs point at the emulator.
/// </summary>
public sealed class SignedUrls
{
    private readonly StorageOptions _options;
    private readonly TimeProvider _time;
    private readonly UrlSigner _signer;

    public SignedUrls(IOptions<StorageOptions> options, StorageCredentials credentials, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _signer = credentials.Signer;
    }

    /// <summary>A URL that downloads <paramref name="key"/> until it expires (default lifetime one hour).</summary>
    public async Task<SignedUrl> ForReadAsync(string key, TimeSpan? lifetime = null, CancellationToken cancellationToken = default)
    {
        var duration = lifetime ?? _options.ReadUrlLifetime;
        var template = UrlSigner.RequestTemplate.FromBucket(_options.Bucket).WithObjectName(key).WithHttpMethod(HttpMethod.Get);
        var url = await _signer.SignAsync(template, Options(duration), cancellationToken);
        return new SignedUrl(url, "GET", _time.GetUtcNow() + duration, new Dictionary<string, string>());
    }

    /// <summary>
    /// A URL that accepts one PUT of <paramref name="key"/> with the given content type and at most
    /// <paramref name="maxBytes"/> bytes: the size range is a signed <c>x-goog-content-length-range</c> header, so the
    /// browser must send it as given and GCS refuses a larger body (400).
    /// </summary>
    public async Task<SignedUrl> ForUploadAsync(string key, string contentType, long maxBytes, TimeSpan? lifetime = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        var duration = lifetime ?? _options.UploadUrlLifetime;
        var range = $"0,{maxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        var template = UrlSigner.RequestTemplate.FromBucket(_options.Bucket).WithObjectName(key).WithHttpMethod(HttpMethod.Put)
            .WithContentHeaders([new KeyValuePair<string, IEnumerable<string>>("Content-Type", [contentType])])
            .WithRequestHeaders([new KeyValuePair<string, IEnumerable<string>>(ContentLengthRangeHeader, [range])]);
        var url = await _signer.SignAsync(template, Options(duration), cancellationToken);
        return new SignedUrl(url, "PUT", _time.GetUtcNow() + duration, new Dictionary<string, string> { ["Content-Type"] = contentType, [ContentLengthRangeHeader] = range });
    }

    /// <summary>The XML API header that bounds an upload's size: <c>min,max</c> in bytes.</summary>
    public const string ContentLengthRangeHeader = "x-goog-content-length-range";

    private UrlSigner.Options Options(TimeSpan duration)
    {
        var options = UrlSigner.Options.FromDuration(duration).WithSigningVersion(SigningVersion.V4);
        if (_options.EmulatorBaseUri() is { } emulator)
        {
            options = options.WithScheme(emulator.Scheme).WithHost(emulator.Host).WithPort(emulator.Port).WithUrlStyle(UrlSigner.UrlStyle.PathStyle);
        }

        return options;
    }
}
