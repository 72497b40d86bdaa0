using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EpisodeBuilder.GcsEmulator.Identity;
using Microsoft.AspNetCore.Http;

namespace EpisodeBuilder.GcsEmulator.Signing;

/// <summary>
/// Checks V4 signed URLs (<c>GOOG4-RSA-SHA256</c>) the way GCS does: rebuilds the canonical request from the raw,
/// still-encoded request target and the signed headers, and verifies the signature with the public key of a
/// trusted service account. Expired and altered URLs are refused.
/// </summary>
public sealed class SignedUrlVerifier
{
    private readonly ServiceAccountKeys _keys;
    private readonly TimeProvider _time;

    public SignedUrlVerifier(TimeProvider time)
        : this(time, new ServiceAccountKeys())
    {
    }

    /// <summary>A verifier that trusts the accounts in a store shared with the emulator's identity endpoints.</summary>
    public SignedUrlVerifier(TimeProvider time, ServiceAccountKeys keys)
    {
        _time = time;
        _keys = keys;
    }

    /// <summary>Trusts the signer in a service account key file's JSON (its <c>client_email</c> and private key).</summary>
    public void Trust(string serviceAccountKeyJson) => _keys.Trust(serviceAccountKeyJson);

    /// <summary>Returns null when the request's signature is valid, else the XML error code and message.</summary>
    public (string Code, string Message)? Verify(HttpRequest request, string rawPath, IReadOnlyList<KeyValuePair<string, string>> rawQuery)
    {
        string? Param(string name) =>
            rawQuery.FirstOrDefault(kv => kv.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value is { } raw
                ? Uri.UnescapeDataString(raw.Replace('+', ' '))
                : null;

        var algorithm = Param("X-Goog-Algorithm");
        var credential = Param("X-Goog-Credential");
        var date = Param("X-Goog-Date");
        var expires = Param("X-Goog-Expires");
        var signedHeaders = Param("X-Goog-SignedHeaders");
        var signature = Param("X-Goog-Signature");
        if (algorithm != "GOOG4-RSA-SHA256" || credential is null || date is null || expires is null || signedHeaders is null || signature is null)
        {
            return ("AuthenticationRequired", "The signed URL is missing V4 parameters.");
        }

        if (!DateTimeOffset.TryParseExact(date, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt)
            || !int.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var lifetime))
        {
            return ("AuthenticationRequired", "The signed URL's date or expiry is malformed.");
        }

        var now = _time.GetUtcNow();
        if (now > signedAt.AddSeconds(lifetime))
        {
            return ("ExpiredToken", $"Invalid argument: the signed URL expired at {signedAt.AddSeconds(lifetime):O}.");
        }

        if (signedAt > now.AddMinutes(15))
        {
            return ("AuthenticationRequired", "The signed URL's date is in the future.");
        }

        var slash = credential.IndexOf('/', StringComparison.Ordinal);
        var email = slash < 0 ? credential : credential[..slash];
        var scope = slash < 0 ? string.Empty : credential[(slash + 1)..];
        if (!_keys.TryGet(email, out var key))
        {
            return ("AccessDenied", $"The signer {email} is not trusted by this emulator.");
        }

        byte[] signatureBytes;
        try
        {
            signatureBytes = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            return ("SignatureDoesNotMatch", "The signature is not hexadecimal.");
        }

        // Signers differ on whether the signed host carries the port: accept either form.
        string? firstCanonical = null;
        foreach (var host in HostCandidates(request))
        {
            var canonical = CanonicalRequest(request, rawPath, rawQuery, signedHeaders, host);
            firstCanonical ??= canonical;
            var stringToSign = $"GOOG4-RSA-SHA256\n{date}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
            if (key.Verify(Encoding.UTF8.GetBytes(stringToSign), signatureBytes))
            {
                return null;
            }
        }

        return ("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Canonical request: " + firstCanonical);
    }

    private static IEnumerable<string> HostCandidates(HttpRequest request)
    {
        var host = request.Host.Value ?? string.Empty;
        yield return request.Host.Host;
        if (host != request.Host.Host)
        {
            yield return host;
        }
    }

    private static string CanonicalRequest(HttpRequest request, string rawPath, IReadOnlyList<KeyValuePair<string, string>> rawQuery, string signedHeaders, string host)
    {
        var query = rawQuery
            .Where(kv => !kv.Key.Equals("X-Goog-Signature", StringComparison.OrdinalIgnoreCase))
            .Select(kv => (Key: Encode(Uri.UnescapeDataString(kv.Key)), Value: Encode(Uri.UnescapeDataString(kv.Value.Replace('+', ' ')))))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key}={kv.Value}");
        var headers = new StringBuilder();
        foreach (var name in signedHeaders.Split(';'))
        {
            var value = name == "host" ? host : string.Join(",", request.Headers[name].Select(v => (v ?? string.Empty).Trim()));
            headers.Append(name).Append(':').Append(value).Append('\n');
        }

        return string.Join('\n', request.Method, rawPath, string.Join('&', query), headers.ToString(), signedHeaders, "UNSIGNED-PAYLOAD");
    }

    /// <summary>RFC 3986 percent-encoding, as the V4 canonical query string requires.</summary>
    private static string Encode(string value) => Uri.EscapeDataString(value);
}
