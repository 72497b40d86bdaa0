using System.Globalization;
using System.Text.Json.Nodes;

namespace EpisodeBuilder.GcsEmulator.Persistence;

/// <summary>
/// Applies buckets' lifecycle <c>Delete</c> rules as of a given time, as GCS does in the background (there within about a
/// day of an object qualifying; here when a test asks). A rule deletes an object when every condition it names holds:
/// <c>age</c>, <c>createdBefore</c>, <c>daysSinceCustomTime</c>, <c>customTimeBefore</c>, <c>matchesPrefix</c>,
/// <c>matchesSuffix</c>. Other actions and conditions are not modelled: a rule that names one deletes nothing.
/// </summary>
public static class ObjectLifecycle
{
    private static readonly HashSet<string> Modelled = ["age", "createdBefore", "daysSinceCustomTime", "customTimeBefore", "matchesPrefix", "matchesSuffix"];

    /// <summary>
    /// Deletes what the rules of every bucket (or of <paramref name="only"/>) delete at <paramref name="now"/>; returns the
    /// deleted objects' bucket/name.
    /// </summary>
    public static IReadOnlyList<string> Apply(ObjectRepository repository, DateTimeOffset now, string? only = null)
    {
        var deleted = new List<string>();
        foreach (var bucket in repository.Buckets.Names.Where(b => only is null || b == only))
        {
            var rules = (repository.Buckets.Find(bucket)?["lifecycle"]?["rule"] as JsonArray ?? [])
                .OfType<JsonObject>()
                .Where(r => r["action"]?["type"]?.GetValue<string>() == "Delete" && r["condition"] is JsonObject c && c.All(kv => Modelled.Contains(kv.Key)))
                .Select(r => (JsonObject)r["condition"]!)
                .ToList();
            foreach (var record in rules.Count == 0 ? [] : repository.All(bucket))
            {
                if (rules.Any(rule => Matches(rule, record, now)))
                {
                    repository.Delete(bucket, record.Name, Preconditions.None);
                    deleted.Add($"{bucket}/{record.Name}");
                }
            }
        }

        return deleted;
    }

    private static bool Matches(JsonObject condition, ObjectRecord record, DateTimeOffset now)
    {
        foreach (var (name, value) in condition)
        {
            var holds = name switch
            {
                "age" => (now - record.TimeCreated).TotalDays >= value!.GetValue<int>(),
                "createdBefore" => record.TimeCreated.UtcDateTime.Date < Date(value!),
                "daysSinceCustomTime" => record.CustomTime is { } t && (now - t).TotalDays >= value!.GetValue<int>(),
                "customTimeBefore" => record.CustomTime is { } t && t.UtcDateTime.Date < Date(value!),
                "matchesPrefix" => value!.AsArray().Any(p => record.Name.StartsWith(p!.GetValue<string>(), StringComparison.Ordinal)),
                "matchesSuffix" => value!.AsArray().Any(s => record.Name.EndsWith(s!.GetValue<string>(), StringComparison.Ordinal)),
                _ => false,
            };
            if (!holds)
            {
                return false;
            }
        }

        return condition.Count > 0;
    }

    private static DateTime Date(JsonNode value) => DateTime.ParseExact(value.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
