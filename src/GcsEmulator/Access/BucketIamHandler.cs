using System.Net;
using System.Text.Json.Nodes;
using EpisodeBuilder.GcsEmulator.Persistence;
using EpisodeBuilder.GcsEmulator.Protocol;

namespace EpisodeBuilder.GcsEmulator.Access;

/// <summary>
/// The bucket IAM routes of the JSON API: <c>GET/PUT b/{bucket}/iam</c> (a read-modify-write guarded by the policy's
/// etag, refused while public access prevention is enforced if it names <c>allUsers</c> or
/// <c>allAuthenticatedUsers</c>) and <c>GET b/{bucket}/iam/testPermissions</c>. Each returns the JSON body to send.
/// </summary>
internal sealed class BucketIamHandler(BucketStore buckets, AccessGate gate)
{
    public JsonObject Get(string bucket) => buckets.GetPolicy(bucket).ToJson(bucket);

    public async Task<JsonObject> SetAsync(GcsRequest request, string bucket, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync(cancellationToken);
        var requested = BucketIamPolicy.FromRequest(body);
        var etag = body["etag"]?.GetValue<string>() ?? NonEmpty(request.Context.Request.Headers.IfMatch.ToString());
        var policy = buckets.SetPolicy(bucket, (resource, current) =>
        {
            if (etag is not null && etag != current.Etag)
            {
                throw Precondition("At least one of the pre-conditions you specified did not hold.");
            }

            if (requested.GrantsPublicAccess && IamConfiguration.PublicAccessPreventionEnforced(resource))
            {
                throw Precondition("The member bindings allUsers and allAuthenticatedUsers are not allowed since public access prevention is enforced.");
            }

            if (requested.Bindings.Any(b => b.Condition is not null) && !IamConfiguration.UniformBucketLevelAccessEnabled(resource))
            {
                throw EmulatorException.Invalid("IAM conditions can only be set on a bucket with uniform bucket-level access enabled.");
            }

            return requested with { Generation = current.Generation + 1 };
        });
        return policy.ToJson(bucket);
    }

    public JsonObject TestPermissions(GcsRequest request, string bucket)
    {
        buckets.Get(bucket);
        var asked = request.Query.TryGetValue("permissions", out var values) ? values.OfType<string>() : [];
        var held = gate.PermissionsHeld(request, bucket, asked);
        var response = new JsonObject { ["kind"] = "storage#testIamPermissionsResponse" };
        if (held.Count > 0)
        {
            response["permissions"] = new JsonArray(held.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
        }

        return response;
    }

    private static EmulatorException Precondition(string message) =>
        new(HttpStatusCode.PreconditionFailed, "conditionNotMet", message) { Location = "If-Match", LocationType = "header" };

    private static string? NonEmpty(string value) => value.Length == 0 ? null : value.Trim('"');
}
