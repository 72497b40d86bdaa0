using System.Security.Cryptography;
using System.Text.Json;

namespace EpisodeBuilder.GcsEmulator.Signing;

/// <summary>
/// Makes a throwaway service account key (JSON, as Google issues them) for local runs and tests: it signs V4 URLs
/// that an emulator told to trust it accepts. Never valid against real GCS.
/// </summary>
public static class DevServiceAccount
{
    public static string CreateKeyJson(string email = "local-dev@episode-builder-local.iam.gserviceaccount.com")
    {
        using var rsa = RSA.Create(2048);
        return JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = email.Split('@').Last().Split('.').First(),
            ["private_key_id"] = "dev",
            ["private_key"] = rsa.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = email,
            ["client_id"] = "0",
            ["token_uri"] = "https://oauth2.googleapis.com/token",
        });
    }
}
