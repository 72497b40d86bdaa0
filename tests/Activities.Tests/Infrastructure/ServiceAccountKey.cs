using System.Security.Cryptography;
using System.Text.Json;

namespace EpisodeBuilder.Activities.Tests.Infrastructure;

/// <summary>A service account key made for a test run: signs URLs that the emulator is told to trust.</summary>
public static class ServiceAccountKey
{
    public static string CreateJson(string email = "signer@episode-builder-test.iam.gserviceaccount.com")
    {
        using var rsa = RSA.Create(2048);
        return JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = "episode-builder-test",
            ["private_key_id"] = "test-key",
            ["private_key"] = rsa.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = email,
            ["client_id"] = "1",
            ["token_uri"] = "https://oauth2.googleapis.com/token",
        });
    }
}
