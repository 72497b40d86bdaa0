using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EpisodeBuilder.GcsEmulator.Identity;

/// <summary>
/// An RS256 JWT in compact form (<c>header.payload.signature</c>): parsed to check what others signed, built to sign
/// our own. Only what the emulator's identity endpoints need; the signature check itself is the caller's, with the
/// key it trusts.
/// </summary>
internal sealed class CompactJwt
{
    private CompactJwt(JsonObject header, JsonObject payload, byte[] signingInput, byte[] signature)
    {
        Header = header;
        Payload = payload;
        SigningInput = signingInput;
        Signature = signature;
    }

    public JsonObject Header { get; }

    public JsonObject Payload { get; }

    /// <summary>The ASCII bytes of <c>header.payload</c>, what the signature covers.</summary>
    public byte[] SigningInput { get; }

    public byte[] Signature { get; }

    public string? Algorithm => StringOf(Header, "alg");

    public string? KeyId => StringOf(Header, "kid");

    public string? Issuer => StringOf(Payload, "iss");

    public string? Subject => StringOf(Payload, "sub");

    public DateTimeOffset? ExpiresAt => TimeOf("exp");

    public DateTimeOffset? NotBefore => TimeOf("nbf");

    public DateTimeOffset? IssuedAt => TimeOf("iat");

    /// <summary>The <c>aud</c> claim, a string or an array of strings.</summary>
    public IReadOnlyList<string> Audiences => Payload["aud"] switch
    {
        JsonArray array => array.Select(a => a?.GetValueKind() == JsonValueKind.String ? a.GetValue<string>() : null).OfType<string>().ToList(),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
        _ => [],
    };

    public string? Claim(string name) => StringOf(Payload, name);

    /// <summary>Parses a compact JWS; null when it is not three base64url parts with JSON objects in the first two.</summary>
    public static CompactJwt? TryParse(string? token)
    {
        var parts = token?.Trim().Split('.');
        if (parts is not { Length: 3 })
        {
            return null;
        }

        try
        {
            var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0])) as JsonObject;
            var payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) as JsonObject;
            if (header is null || payload is null)
            {
                return null;
            }

            return new CompactJwt(header, payload, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Builds <c>header.payload.signature</c> with an RS256 header naming <paramref name="keyId"/>.</summary>
    public static string Sign(JsonObject payload, string keyId, Func<byte[], byte[]> signRs256)
    {
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = keyId, ["typ"] = "JWT" };
        var signingInput = Encode(header) + "." + Encode(payload);
        return signingInput + "." + Base64Url.EncodeToString(signRs256(Encoding.ASCII.GetBytes(signingInput)));
    }

    private static string Encode(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private static string? StringOf(JsonObject json, string name) =>
        json[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private DateTimeOffset? TimeOf(string name) =>
        Payload[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeSeconds((long)value.GetValue<double>())
            : null;
}
