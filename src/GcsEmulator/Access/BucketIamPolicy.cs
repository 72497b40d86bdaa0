using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EpisodeBuilder.GcsEmulator.Persistence;

namespace EpisodeBuilder.GcsEmulator.Access;

/// <summary>
/// A bucket's IAM policy as the JSON API carries it (<c>storage#policy</c>): role bindings, the policy version, and a
/// generation that every change counts up and that makes its etag (<c>CAE=</c>, <c>CAI=</c>, … as GCS writes them).
/// Only the reading roles granted to <c>allUsers</c> take effect in the emulator (see <see cref="PermissionsOf"/>):
/// any authenticated caller may do anything.
/// </summary>
public sealed record BucketIamPolicy(int Version, IReadOnlyList<IamBinding> Bindings, long Generation)
{
    public const string AllUsers = "allUsers";
    public const string AllAuthenticatedUsers = "allAuthenticatedUsers";

    private static readonly Dictionary<string, string[]> ReadingRoles = new(StringComparer.Ordinal)
    {
        ["roles/storage.objectViewer"] = [StoragePermissions.ObjectsGet, StoragePermissions.ObjectsList],
        ["roles/storage.legacyObjectReader"] = [StoragePermissions.ObjectsGet],
        ["roles/storage.legacyBucketReader"] = [StoragePermissions.BucketsGet, StoragePermissions.ObjectsList],
    };

    private static readonly HashSet<string> MemberTypes = new(StringComparer.Ordinal)
    {
        "user", "serviceAccount", "group", "domain", "projectOwner", "projectEditor", "projectViewer", "principal", "principalSet", "deleted",
    };

    /// <summary>The policy of a bucket that has none stored: no bindings.</summary>
    public static BucketIamPolicy Empty { get; } = new(1, [], 1);

    public string Etag => GenerationEtag.Of(Generation);

    /// <summary>True when a binding names <c>allUsers</c> or <c>allAuthenticatedUsers</c>.</summary>
    public bool GrantsPublicAccess => Bindings.Any(b => b.Members.Any(m => m is AllUsers or AllAuthenticatedUsers));

    /// <summary>The policy GCS gives a new bucket: the project's owners and editors own it, its viewers read it.</summary>
    public static BucketIamPolicy Initial(string? project) => string.IsNullOrEmpty(project)
        ? Empty
        : new(
            1,
            [
                new IamBinding("roles/storage.legacyBucketOwner", [$"projectEditor:{project}", $"projectOwner:{project}"], null),
                new IamBinding("roles/storage.legacyBucketReader", [$"projectViewer:{project}"], null),
            ],
            1);

    /// <summary>
    /// The permissions the policy's reading roles (<c>objectViewer</c>, <c>legacyObjectReader</c>,
    /// <c>legacyBucketReader</c>) give <paramref name="member"/> unconditionally; other roles are not modelled.
    /// </summary>
    public IReadOnlySet<string> PermissionsOf(string member) =>
        Bindings
            .Where(b => b.Condition is null && b.Members.Contains(member, StringComparer.Ordinal))
            .SelectMany(b => ReadingRoles.GetValueOrDefault(b.Role) ?? [])
            .ToHashSet(StringComparer.Ordinal);

    public JsonObject ToJson(string bucket) => new()
    {
        ["kind"] = "storage#policy",
        ["resourceId"] = $"projects/_/buckets/{bucket}",
        ["version"] = Version,
        ["etag"] = Etag,
        ["bindings"] = BindingsJson(),
    };

    /// <summary>
    /// Reads the policy a client sent to <c>setIamPolicy</c>, refusing (400) bindings without a role or with members in
    /// no form IAM knows; bindings without members are dropped, as GCS does. Its generation is the caller's to set.
    /// </summary>
    public static BucketIamPolicy FromRequest(JsonObject body)
    {
        var bindings = new List<IamBinding>();
        if (body["bindings"] is { } list)
        {
            if (list is not JsonArray array)
            {
                throw EmulatorException.Invalid("Policy bindings must be an array.");
            }

            foreach (var node in array)
            {
                if (node is not JsonObject binding)
                {
                    throw EmulatorException.Invalid("Each policy binding must be an object.");
                }

                var role = Text(binding["role"]);
                if (role is null || !(role.StartsWith("roles/", StringComparison.Ordinal) || role.Contains("/roles/", StringComparison.Ordinal)))
                {
                    throw EmulatorException.Invalid($"Invalid role in policy binding: '{role}'.");
                }

                var members = (binding["members"] as JsonArray ?? []).Select(Text).ToList();
                foreach (var member in members)
                {
                    if (!IsMember(member))
                    {
                        throw EmulatorException.Invalid($"Invalid member in policy binding for {role}: '{member}'.");
                    }
                }

                if (members.Count > 0)
                {
                    bindings.Add(new IamBinding(role, members.Select(m => m!).Distinct(StringComparer.Ordinal).ToList(), binding["condition"]?.DeepClone() as JsonObject));
                }
            }
        }

        var version = body["version"] is JsonValue v && v.TryGetValue<int>(out var number) ? number : 1;
        if (bindings.Any(b => b.Condition is not null) && version < 3)
        {
            throw EmulatorException.Invalid("A policy with conditional bindings must be version 3.");
        }

        return new BucketIamPolicy(version, bindings, 0);
    }

    internal JsonObject ToStoredJson() => new()
    {
        ["generation"] = Generation.ToString(CultureInfo.InvariantCulture),
        ["version"] = Version,
        ["bindings"] = BindingsJson(),
    };

    internal static BucketIamPolicy FromStoredJson(JsonObject stored)
    {
        var policy = FromRequest(stored);
        return policy with { Generation = long.Parse(stored["generation"]!.GetValue<string>(), CultureInfo.InvariantCulture) };
    }

    private JsonArray BindingsJson() => new(Bindings.Select(b =>
    {
        var json = new JsonObject
        {
            ["role"] = b.Role,
            ["members"] = new JsonArray(b.Members.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray()),
        };
        if (b.Condition is not null)
        {
            json["condition"] = b.Condition.DeepClone();
        }

        return (JsonNode?)json;
    }).ToArray());

    private static bool IsMember(string? member)
    {
        if (member is AllUsers or AllAuthenticatedUsers)
        {
            return true;
        }

        var colon = member?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 && colon < member!.Length - 1 && MemberTypes.Contains(member[..colon]);
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}

/// <summary>One role granted to some members, with the IAM Condition that limits it (version 3 policies only).</summary>
public sealed record IamBinding(string Role, IReadOnlyList<string> Members, JsonObject? Condition);
