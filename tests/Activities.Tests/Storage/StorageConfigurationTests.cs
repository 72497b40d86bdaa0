using EpisodeBuilder.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.Tests.Storage;

public sealed class StorageConfigurationTests
{
    private static OptionsValidationException Validate(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddEpisodeStorage(configuration).BuildServiceProvider();
        return Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StorageOptions>>().Value);
    }

    [Fact]
    public void Missing_bucket_fails_naming_the_setting() =>
        Assert.Contains("Storage:Bucket is required", Validate([]).Message, StringComparison.Ordinal);

    [Fact]
    public void Invalid_bucket_name_fails_naming_the_setting() =>
        Assert.Contains("Storage:Bucket is not a valid", Validate(new() { ["Storage:Bucket"] = "Bad_Bucket!" }).Message, StringComparison.Ordinal);

    [Fact]
    public void Missing_signing_key_file_fails_naming_the_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Bucket"] = "ok-bucket",
            ["STORAGE_EMULATOR_HOST"] = "127.0.0.1:4443",
            ["Storage:SigningKeyFile"] = "/nope/key.json",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddEpisodeStorage(configuration).BuildServiceProvider();

        var refusal = Assert.Throws<StorageCredentialsException>(() => services.GetRequiredService<StorageCredentials>());

        Assert.Contains("Storage:SigningKeyFile", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Chunk_size_must_be_a_multiple_of_256_KiB() =>
        Assert.Contains("Storage:UploadChunkSize", Validate(new() { ["Storage:Bucket"] = "ok-bucket", ["Storage:UploadChunkSize"] = "300000" }).Message, StringComparison.Ordinal);

    [Fact]
    public void Against_GCS_a_public_bucket_is_required_naming_the_setting() =>
        Assert.Contains("Storage:PublicBucket is required", Validate(new() { ["Storage:Bucket"] = "ok-bucket" }).Message, StringComparison.Ordinal);

    [Fact]
    public void Against_GCS_any_origin_is_refused_for_CORS() =>
        Assert.Contains("Storage:CorsOrigins", Validate(new() { ["Storage:Bucket"] = "ok-bucket", ["Storage:PublicBucket"] = "ok-public", ["Storage:CorsOrigins:0"] = "*" }).Message, StringComparison.Ordinal);

    [Fact]
    public void The_public_bucket_cannot_be_the_private_one() =>
        Assert.Contains("must not be Storage:Bucket", Validate(new() { ["Storage:Bucket"] = "ok-bucket", ["Storage:PublicBucket"] = "ok-bucket" }).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("127.0.0.1:4443", "http://127.0.0.1:4443/")]
    [InlineData("http://localhost:9000/", "http://localhost:9000/")]
    public void Emulator_host_is_normalised_like_the_client_does(string value, string expected) =>
        Assert.Equal(expected, new StorageOptions { EmulatorHost = value }.EmulatorBaseUri()!.ToString());
}
