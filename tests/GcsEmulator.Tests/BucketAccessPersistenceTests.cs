using Google.Apis.Storage.v1.Data;
using Google.Cloud.Storage.V1;

namespace EpisodeBuilder.GcsEmulator.Tests;

/// <summary>A bucket's IAM policy and iamConfiguration are kept in the data directory like its other settings.</summary>
public sealed class BucketAccessPersistenceTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("emulator-access-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Policy_and_iam_configuration_survive_a_restart()
    {
        var options = new GcsEmulatorOptions { Port = 0, DataDirectory = _data };
        await using (var first = await GcsEmulatorServer.StartAsync(options))
        {
            using var client = new StorageClientBuilder { BaseUri = first.BaseUri.ToString(), UnauthenticatedAccess = true }.Build();
            await client.CreateBucketAsync("p", new Bucket
            {
                Name = "published",
                IamConfiguration = new Bucket.IamConfigurationData
                {
                    UniformBucketLevelAccess = new Bucket.IamConfigurationData.UniformBucketLevelAccessData { Enabled = true },
                },
            });
            var policy = await client.GetBucketIamPolicyAsync("published");
            policy.Bindings.Add(new Policy.BindingsData { Role = "roles/storage.objectViewer", Members = ["allUsers"] });
            await client.SetBucketIamPolicyAsync("published", policy);
        }

        await using var second = await GcsEmulatorServer.StartAsync(options);
        using var again = new StorageClientBuilder { BaseUri = second.BaseUri.ToString(), UnauthenticatedAccess = true }.Build();
        var bucket = await again.GetBucketAsync("published");
        var kept = await again.GetBucketIamPolicyAsync("published");

        Assert.True(bucket.IamConfiguration.UniformBucketLevelAccess.Enabled);
        Assert.Equal("inherited", bucket.IamConfiguration.PublicAccessPrevention);
        Assert.Equal("CAI=", kept.ETag);
        Assert.Contains(kept.Bindings, b => b.Role == "roles/storage.objectViewer" && b.Members.Contains("allUsers"));
    }
}
