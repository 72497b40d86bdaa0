using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;

namespace EpisodeBuilder.GcsEmulator.Identity;

/// <summary>
/// The service accounts this emulator trusts, by email, each with the key pair from its key file (JSON). One store
/// serves every check that needs a service account's key: V4 signed URLs, JWT-bearer assertions at <c>/token</c>,
/// and <c>signBlob</c>, so a signature made through any of them verifies through the others.
/// </summary>
public sealed class ServiceAccountKeys
{
    private readonly ConcurrentDictionary<string, ServiceAccountKey> _keys = new(StringComparer.OrdinalIgnoreCase);
    private string? _first;

    /// <summary>The email of the first account trusted, the metadata server's default account unless configured otherwise.</summary>
    public string? FirstEmail => Volatile.Read(ref _first);

    /// <summary>Trusts the account in a service account key file's JSON (its <c>client_email</c>, <c>private_key_id</c> and private key).</summary>
    /// <returns>The account's email.</returns>
    public string Trust(string serviceAccountKeyJson)
    {
        using var document = JsonDocument.Parse(serviceAccountKeyJson);
        var root = document.RootElement;
        var email = root.GetProperty("client_email").GetString()
            ?? throw new ArgumentException("The key has no client_email.", nameof(serviceAccountKeyJson));
        var pem = root.GetProperty("private_key").GetString()
            ?? throw new ArgumentException("The key has no private_key.", nameof(serviceAccountKeyJson));
        var keyId = root.TryGetProperty("private_key_id", out var id) ? id.GetString() ?? string.Empty : string.Empty;
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        _keys[email] = new ServiceAccountKey(email, keyId, rsa);
        Interlocked.CompareExchange(ref _first, email, null);
        return email;
    }

    public bool TryGet(string email, [NotNullWhen(true)] out ServiceAccountKey? key) => _keys.TryGetValue(email, out key);
}

/// <summary>One trusted service account's key pair: verifies what it signed and signs for <c>signBlob</c>.</summary>
public sealed class ServiceAccountKey(string email, string keyId, RSA rsa)
{
    public string Email { get; } = email;

    /// <summary>The key file's <c>private_key_id</c>, returned by <c>signBlob</c> as <c>keyId</c>.</summary>
    public string KeyId { get; } = keyId;

    /// <summary>RSA-SHA256 with PKCS#1 v1.5 padding, as GCS V4 signatures and RS256 JWTs use.</summary>
    public byte[] Sign(byte[] data) => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public bool Verify(byte[] data, byte[] signature) => rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
}
