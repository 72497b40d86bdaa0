using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Google;
using Google.Apis.Storage.v1.Data;
using Google.Cloud.Storage.V1;

namespace EpisodeBuilder.GcsEmulator.Tests;

/// <summary>
/// Bucket IAM policies and <c>iamConfiguration</c> through the real client, as <c>setup-bucket</c> applies and
/// verifies them: read-modify-write with etags, public access prevention, uniform bucket-level access.
/// </summary>
public sealed class BucketIamPolicyTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private const string ObjectViewer = "roles/storage.objectViewer";

    private StorageClient Client => emulator.Client;

    [Fact]
    public async Task New_bucket_policy_gives_the_project_legacy_roles_and_a_set_policy_reads_back_with_a_new_etag()
    {
        var bucket = await emulator.NewBucketAsync();

        var initial = await Client.GetBucketIamPolicyAsync(bucket);
        initial.Bindings.Add(new Policy.BindingsData { Role = ObjectViewer, Members = ["allUsers"] });
        var set = await Client.SetBucketIamPolicyAsync(bucket, initial);
        var read = await Client.GetBucketIamPolicyAsync(bucket);

        Assert.Equal("storage#policy", read.Kind);
        Assert.Equal($"projects/_/buckets/{bucket}", read.ResourceId);
        Assert.Equal("CAE=", initial.ETag);
        Assert.Equal("CAI=", set.ETag);
        Assert.Equal(set.ETag, read.ETag);
        Assert.Contains(read.Bindings, b => b.Role == "roles/storage.legacyBucketOwner" && b.Members.Contains("projectOwner:test-project"));
        Assert.Contains(read.Bindings, b => b.Role == ObjectViewer && b.Members.SequenceEqual(["allUsers"]));
    }

    [Fact]
    public async Task Policy_written_with_a_stale_etag_is_refused_with_412_and_the_newer_policy_is_kept()
    {
        var bucket = await emulator.NewBucketAsync();
        var first = await Client.GetBucketIamPolicyAsync(bucket);
        var second = await Client.GetBucketIamPolicyAsync(bucket);
        first.Bindings.Add(new Policy.BindingsData { Role = ObjectViewer, Members = ["user:first@example.com"] });
        second.Bindings.Add(new Policy.BindingsData { Role = ObjectViewer, Members = ["user:second@example.com"] });

        await Client.SetBucketIamPolicyAsync(bucket, first);
        var error = await Assert.ThrowsAsync<GoogleApiException>(() => Client.SetBucketIamPolicyAsync(bucket, second));

        Assert.Equal(HttpStatusCode.PreconditionFailed, error.HttpStatusCode);
        Assert.Equal("conditionNotMet", error.Error.Errors[0].Reason);
        var kept = await Client.GetBucketIamPolicyAsync(bucket);
        Assert.Contains(kept.Bindings, b => b.Members.Contains("user:first@example.com"));
        Assert.DoesNotContain(kept.Bindings, b => b.Members.Contains("user:second@example.com"));
    }

    [Fact]
    public async Task Public_access_prevention_refuses_an_allUsers_binding_with_412()
    {
        var bucket = await emulator.NewBucketAsync();
        await Client.PatchBucketAsync(new Bucket { Name = bucket, IamConfiguration = new Bucket.IamConfigurationData { PublicAccessPrevention = "enforced" } });
        var policy = await Client.GetBucketIamPolicyAsync(bucket);
        policy.Bindings.Add(new Policy.BindingsData { Role = ObjectViewer, Members = ["allUsers"] });

        var error = await Assert.ThrowsAsync<GoogleApiException>(() => Client.SetBucketIamPolicyAsync(bucket, policy));

        Assert.Equal(HttpStatusCode.PreconditionFailed, error.HttpStatusCode);
        Assert.Equal("conditionNotMet", error.Error.Errors[0].Reason);
        Assert.Equal("The member bindings allUsers and allAuthenticatedUsers are not allowed since public access prevention is enforced.", error.Error.Message);
        Assert.DoesNotContain((await Client.GetBucketIamPolicyAsync(bucket)).Bindings, b => b.Members.Contains("allUsers"));
    }

    [Fact]
    public async Task Iam_configuration_round_trips_through_patch_and_a_patch_changes_only_the_fields_it_names()
    {
        var bucket = await emulator.NewBucketAsync();

        var created = await Client.GetBucketAsync(bucket);
        var locked = await Client.PatchBucketAsync(new Bucket
        {
            Name = bucket,
            IamConfiguration = new Bucket.IamConfigurationData
            {
                UniformBucketLevelAccess = new Bucket.IamConfigurationData.UniformBucketLevelAccessData { Enabled = true },
                PublicAccessPrevention = "enforced",
            },
        });
        var relaxed = await Client.PatchBucketAsync(new Bucket { Name = bucket, IamConfiguration = new Bucket.IamConfigurationData { PublicAccessPrevention = "inherited" } });
        var read = await Client.GetBucketAsync(bucket);

        Assert.Equal("inherited", created.IamConfiguration.PublicAccessPrevention);
        Assert.False(created.IamConfiguration.UniformBucketLevelAccess.Enabled);
        Assert.True(locked.IamConfiguration.UniformBucketLevelAccess.Enabled);
        Assert.True(locked.IamConfiguration.BucketPolicyOnly.Enabled);
        Assert.InRange(locked.IamConfiguration.UniformBucketLevelAccess.LockedTimeDateTimeOffset!.Value, DateTimeOffset.UtcNow.AddDays(89), DateTimeOffset.UtcNow.AddDays(91));
        Assert.Equal("enforced", locked.IamConfiguration.PublicAccessPrevention);
        Assert.True(relaxed.IamConfiguration.UniformBucketLevelAccess.Enabled);
        Assert.Equal("inherited", read.IamConfiguration.PublicAccessPrevention);
        Assert.True(read.IamConfiguration.UniformBucketLevelAccess.Enabled);
    }

    [Fact]
    public async Task Unknown_public_access_prevention_value_and_malformed_members_are_refused_with_400()
    {
        var bucket = await emulator.NewBucketAsync();
        var policy = await Client.GetBucketIamPolicyAsync(bucket);
        policy.Bindings.Add(new Policy.BindingsData { Role = ObjectViewer, Members = ["everyone"] });

        var setting = await Assert.ThrowsAsync<GoogleApiException>(() =>
            Client.PatchBucketAsync(new Bucket { Name = bucket, IamConfiguration = new Bucket.IamConfigurationData { PublicAccessPrevention = "sometimes" } }));
        var member = await Assert.ThrowsAsync<GoogleApiException>(() => Client.SetBucketIamPolicyAsync(bucket, policy));

        Assert.Equal(HttpStatusCode.BadRequest, setting.HttpStatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, member.HttpStatusCode);
        Assert.Contains("everyone", member.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_json_has_the_json_api_shape()
    {
        var bucket = await emulator.NewBucketAsync();
        using var put = await emulator.Http.PutAsync(
            $"storage/v1/b/{bucket}/iam",
            new StringContent("""{"bindings":[{"role":"roles/storage.objectViewer","members":["allUsers"]},{"role":"roles/storage.admin","members":[]}]}""", Encoding.UTF8, "application/json"));

        var body = JsonNode.Parse(await emulator.Http.GetStringAsync($"storage/v1/b/{bucket}/iam"))!;

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("storage#policy", body["kind"]!.GetValue<string>());
        Assert.Equal($"projects/_/buckets/{bucket}", body["resourceId"]!.GetValue<string>());
        Assert.Equal(1, body["version"]!.GetValue<int>());
        Assert.Equal("CAI=", body["etag"]!.GetValue<string>());
        Assert.Equal("""[{"role":"roles/storage.objectViewer","members":["allUsers"]}]""", body["bindings"]!.ToJsonString());
    }
}
