using System.Text.Json.Nodes;

namespace EpisodeBuilder.Api;

/// <summary>
/// JSON Merge Patch (RFC 7396): a patch object's members replace the target's, objects merge member by member, a null
/// removes a member, and anything that is not an object (an array, a value) replaces the target whole.
/// </summary>
public static class JsonMergePatch
{
    /// <summary>The target with the patch applied; neither is changed.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject members)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject original ? original.DeepClone().AsObject() : new JsonObject();
        foreach (var (name, value) in members)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = Apply(result[name], value);
            }
        }

        return result;
    }
}
