using System.Text.Json;
using System.Text.Json.Nodes;
using EpisodeBuilder.GcsEmulator.Persistence;

namespace EpisodeBuilder.GcsEmulator.Access;

/// <summary>
/// A bucket's <c>iamConfiguration</c> as GCS returns it on every bucket: uniform bucket-level access (mirrored in the
/// older <c>bucketPolicyOnly</c>, locked 90 days after it was turned on) and public access prevention
/// (<c>inherited</c> or <c>enforced</c>). A patch changes only the fields it names.
/// </summary>
internal static class IamConfiguration
{
    public const string Inherited = "inherited";
    public const string Enforced = "enforced";
    private static readonly TimeSpan LockDelay = TimeSpan.FromDays(90);

    /// <summary>
    /// The settings that result from applying <paramref name="requested"/> (a client's <c>iamConfiguration</c>, or null)
    /// to <paramref name="current"/> (the stored one, or null for GCS's defaults).
    /// </summary>
    public static JsonObject Merge(JsonNode? current, JsonNode? requested, DateTimeOffset now)
    {
        var uniform = current?["uniformBucketLevelAccess"] as JsonObject;
        var enabled = Flag(uniform?["enabled"]) ?? false;
        var lockedTime = enabled ? uniform?["lockedTime"]?.GetValue<string>() : null;
        var prevention = current?["publicAccessPrevention"]?.GetValue<string>() ?? Inherited;

        if (requested is not null and not JsonObject)
        {
            throw EmulatorException.Invalid("iamConfiguration must be an object.");
        }

        if (requested is JsonObject change)
        {
            // Clients send either name for uniform bucket-level access; the newer one wins when both are present.
            var asked = Flag((change["uniformBucketLevelAccess"] as JsonObject)?["enabled"])
                ?? Flag((change["bucketPolicyOnly"] as JsonObject)?["enabled"]);
            if (asked is { } turnOn)
            {
                lockedTime = turnOn ? (enabled ? lockedTime : ObjectRepository.Timestamp(now + LockDelay)) : null;
                enabled = turnOn;
            }

            if (change["publicAccessPrevention"] is { } value)
            {
                prevention = PublicAccessPrevention(value);
            }
        }

        return new JsonObject
        {
            ["bucketPolicyOnly"] = UniformAccess(enabled, lockedTime),
            ["uniformBucketLevelAccess"] = UniformAccess(enabled, lockedTime),
            ["publicAccessPrevention"] = prevention,
        };
    }

    public static bool PublicAccessPreventionEnforced(JsonObject bucket) =>
        bucket["iamConfiguration"]?["publicAccessPrevention"]?.GetValue<string>() == Enforced;

    public static bool UniformBucketLevelAccessEnabled(JsonObject bucket) =>
        Flag(bucket["iamConfiguration"]?["uniformBucketLevelAccess"]?["enabled"]) == true;

    private static JsonObject UniformAccess(bool enabled, string? lockedTime)
    {
        var access = new JsonObject { ["enabled"] = enabled };
        if (lockedTime is not null)
        {
            access["lockedTime"] = lockedTime;
        }

        return access;
    }

    private static string PublicAccessPrevention(JsonNode value)
    {
        var text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value.ToJsonString();
        return text switch
        {
            Inherited or "unspecified" => Inherited,
            Enforced => Enforced,
            _ => throw EmulatorException.Invalid($"Invalid value for iamConfiguration.publicAccessPrevention: '{text}'. Expected '{Inherited}' or '{Enforced}'."),
        };
    }

    private static bool? Flag(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && bool.TryParse(v.GetValue<string>(), out var parsed) => parsed,
        _ => throw EmulatorException.Invalid($"Invalid boolean in iamConfiguration: {node.ToJsonString()}."),
    };
}
