using System.Text.Json.Nodes;

namespace EpisodeBuilder.GcsEmulator.Protocol;

/// <summary>Matches a browser request against a bucket's <c>cors</c> configuration, as GCS does.</summary>
internal static class CorsRules
{
    public static CorsRule? Match(JsonObject? bucket, string origin, string method)
    {
        if (bucket?["cors"] is not JsonArray rules || origin.Length == 0)
        {
            return null;
        }

        foreach (var node in rules.OfType<JsonObject>())
        {
            var origins = Strings(node["origin"]);
            var methods = Strings(node["method"]);
            var originMatches = origins.Any(o => o == "*" || string.Equals(o, origin, StringComparison.OrdinalIgnoreCase));
            var methodMatches = methods.Any(m => m == "*" || string.Equals(m, method, StringComparison.OrdinalIgnoreCase));
            if (originMatches && methodMatches)
            {
                var maxAge = node["maxAgeSeconds"] is JsonValue v && v.TryGetValue<int>(out var seconds) ? seconds : (int?)null;
                return new CorsRule(Strings(node["responseHeader"]), maxAge);
            }
        }

        return null;
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => n?.ToString() ?? string.Empty).ToList() : [];
}

/// <summary>The parts of a matched CORS rule that shape the response.</summary>
internal sealed record CorsRule(IReadOnlyList<string> ResponseHeaders, int? MaxAgeSeconds);
