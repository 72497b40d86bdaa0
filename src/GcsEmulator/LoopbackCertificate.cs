using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EpisodeBuilder.GcsEmulator;

/// <summary>
/// A self-signed certificate for <c>127.0.0.1</c> and <c>localhost</c>, made in memory, for serving the emulator over
/// HTTPS (<see cref="GcsEmulatorOptions.HttpsCertificate"/>). A process that should trust it is given its PEM
/// (<see cref="WritePem"/>) through <c>SSL_CERT_FILE</c>, which .NET and OpenSSL read on Linux; a browser is told to
/// ignore certificate errors.
/// </summary>
public static class LoopbackCertificate
{
    /// <summary>Makes a certificate valid from a minute ago for <paramref name="lifetime"/> (default a day).</summary>
    public static X509Certificate2 Create(TimeSpan? lifetime = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Episode Builder emulator", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        // Its own issuer: a CA certificate, so a trust store may hold it as a root.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-1), now + (lifetime ?? TimeSpan.FromDays(1)));
    }

    /// <summary>Writes the certificate (without its key) as PEM, for <c>SSL_CERT_FILE</c>.</summary>
    public static void WritePem(X509Certificate2 certificate, string path)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n");
    }
}
