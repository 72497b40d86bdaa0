using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Storage;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Activities.Reuse;

/// <summary>
/// The results of reusable steps (<see cref="IReusableActivity"/>), kept per user and keyed by what the step read. A
/// step's key hashes its activity name, its code <see cref="IReusableActivity.Version"/>, its
/// <see cref="IReusableActivity.Settings"/>, its owner, and its input record with every object key in it replaced by what
/// identifies that object's bytes (<see cref="StoredObject.ContentHash"/>, read from GCS metadata, no download): two
/// builds that give a step the same bytes under different names share a key, and a changed byte changes it. The input's
/// build reference is left out, as a step's output does not depend on which build asked. A result is taken only while every
/// object its output names still exists. Records live with the user's intermediates and go with them.
/// <see cref="Enabled"/> false (<c>Builds:ReuseResults</c>): every step runs and nothing is kept.
/// </summary>
public sealed class StepResults(ObjectStore store, ILogger<StepResults> logger, bool enabled = true)
{
    /// <summary>Whether steps take and keep results at all.</summary>
    public bool Enabled => enabled;

    /// <summary>How inputs and outputs are written into keys and records: fixed, so a key never depends on the host.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The key of running <paramref name="step"/> (declared as <paramref name="activity"/>) on <paramref name="input"/>.</summary>
    public async Task<string> KeyAsync(string activity, IReusableActivity step, IBuildStepInput input, CancellationToken cancellationToken)
    {
        var user = input.Build.UserId;
        var record = JsonSerializer.SerializeToNode(input, input.GetType(), Json)!.AsObject();
        record.Remove("build");
        await ResolveObjectsAsync(record, user, cancellationToken);
        var text = new StringBuilder()
            .Append(activity).Append('\n')
            .Append(step.Version).Append('\n')
            .Append(JsonSerializer.Serialize(step.Settings, Json)).Append('\n')
            .Append(user).Append('\n')
            .Append(record.ToJsonString(Json))
            .ToString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The stored output for <paramref name="key"/>, as JSON, when there is one and every object it names still exists.</summary>
    public async Task<string?> FindAsync(string userId, string activity, string key, CancellationToken cancellationToken)
    {
        if (await store.ReadTextAsync(ObjectKeys.StepResult(userId, activity, key), cancellationToken) is not { } stored)
        {
            return null;
        }

        var output = JsonNode.Parse(stored.Text);
        foreach (var objectKey in ObjectKeysIn(output, userId))
        {
            if (await store.GetAsync(objectKey, cancellationToken) is null)
            {
                logger.LogInformation("{Activity} result {Key} is not reused: {Object} no longer exists", activity, key, objectKey);
                return null;
            }
        }

        return stored.Text;
    }

    /// <summary>Keeps <paramref name="output"/> as the result for <paramref name="key"/> (the last run's, should two race).</summary>
    public Task RememberAsync(string userId, string activity, string key, object output, CancellationToken cancellationToken) =>
        store.WriteTextAsync(ObjectKeys.StepResult(userId, activity, key), JsonSerializer.Serialize(output, output.GetType(), Json), "application/json", WriteCondition.Overwrite, cancellationToken);

    /// <summary>Whether <paramref name="value"/> is shaped like one of the user's objects: an upload, an intermediate or a snippet.</summary>
    public static bool NamesObject(string value, string userId) =>
        value.StartsWith(userId + "/", StringComparison.Ordinal)
        || value.StartsWith($"{ObjectKeys.IntermediatesPrefix}{userId}/", StringComparison.Ordinal)
        || value.StartsWith($"{ObjectKeys.SnippetPrefix}{userId}/", StringComparison.Ordinal);

    private async Task ResolveObjectsAsync(JsonNode? node, string userId, CancellationToken cancellationToken)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o.ToList())
                {
                    if (Resolvable(child, userId) is { } key)
                    {
                        o[name] = await ContentOfAsync(key, cancellationToken);
                    }
                    else
                    {
                        await ResolveObjectsAsync(child, userId, cancellationToken);
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (Resolvable(a[i], userId) is { } key)
                    {
                        a[i] = await ContentOfAsync(key, cancellationToken);
                    }
                    else
                    {
                        await ResolveObjectsAsync(a[i], userId, cancellationToken);
                    }
                }

                break;
        }
    }

    private static string? Resolvable(JsonNode? node, string userId) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && NamesObject(text, userId) ? text : null;

    // An object that is missing keeps its name: the step will fail on it, and no result is ever stored under that key.
    private async Task<JsonNode> ContentOfAsync(string key, CancellationToken cancellationToken) =>
        JsonValue.Create(await store.GetAsync(key, cancellationToken) is { } found ? found.ContentHash : "missing:" + key);

    private static IEnumerable<string> ObjectKeysIn(JsonNode? node, string userId) => node switch
    {
        JsonObject o => o.SelectMany(p => ObjectKeysIn(p.Value, userId)),
        JsonArray a => a.SelectMany(n => ObjectKeysIn(n, userId)),
        JsonValue v when v.TryGetValue<string>(out var text) && NamesObject(text, userId) => [text],
        _ => [],
    };
}
