using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Google;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Storage.v1.Data;
using Google.Cloud.Storage.V1;

namespace EpisodeBuilder.GcsEmulator.Tests;

/// <summary>
/// With <see cref="GcsEmulatorOptions.RequireAuthentication"/>: uploads stay private while published episodes and
/// feeds in the public bucket are read anonymously; writes need a token the emulator issued; signed URLs and resumable
/// session chunks carry their own authority; refusals are GCS's (401 JSON, 403 XML).
/// </summary>
public sealed class AccessControlTests(AccessControlFixture access) : IClassFixture<AccessControlFixture>
{
    private const string AnonymousObjectGet = "Anonymous caller does not have storage.objects.get access to the Google Cloud Storage object. Permission 'storage.objects.get' denied on resource (or it may not exist).";

    private HttpClient Http => access.Http;

    private StorageClient Storage => access.Storage;

    [Fact]
    public async Task Anonymous_xml_get_of_a_private_upload_is_403_access_denied()
    {
        var uploads = await access.NewBucketAsync();
        await UploadAsync(uploads, "uploads/raw take.wav", "raw audio");

        using var response = await Http.GetAsync($"{uploads}/uploads/raw%20take.wav");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(
            $"<?xml version='1.0' encoding='UTF-8'?><Error><Code>AccessDenied</Code><Message>Access denied.</Message><Details>{AnonymousObjectGet}</Details></Error>",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Anonymous_xml_get_of_the_published_episode_and_feed_is_200()
    {
        var published = await access.NewBucketAsync(publicRead: true);
        await UploadAsync(published, "shows/weekly/episodes/ep-1.mp3", "episode audio");
        await UploadAsync(published, "shows/weekly/feed.xml", "<rss/>");

        using var episode = await Http.GetAsync($"{published}/shows/weekly/episodes/ep-1.mp3");
        using var feed = await Http.GetAsync($"{published}/shows/weekly/feed.xml");

        Assert.Equal(HttpStatusCode.OK, episode.StatusCode);
        Assert.Equal("episode audio", await episode.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal("<rss/>", await feed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Anonymous_json_media_download_is_401_for_a_private_object_and_200_for_a_public_one()
    {
        var uploads = await access.NewBucketAsync();
        var published = await access.NewBucketAsync(publicRead: true);
        await UploadAsync(uploads, "raw.wav", "private");
        await UploadAsync(published, "feed.xml", "public");

        using var refused = await Http.GetAsync($"download/storage/v1/b/{uploads}/o/raw.wav?alt=media");
        using var served = await Http.GetAsync($"storage/v1/b/{published}/o/feed.xml?alt=media");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(401, error["code"]!.GetValue<int>());
        Assert.Equal(AnonymousObjectGet, error["message"]!.GetValue<string>());
        var detail = error["errors"]![0]!;
        Assert.Equal("required", detail["reason"]!.GetValue<string>());
        Assert.Equal("header", detail["locationType"]!.GetValue<string>());
        Assert.Equal("Authorization", detail["location"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("public", await served.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Anonymous_client_reads_and_lists_the_public_bucket_but_not_the_private_one()
    {
        var uploads = await access.NewBucketAsync();
        var published = await access.NewBucketAsync(publicRead: true);
        await UploadAsync(uploads, "raw.wav", "private");
        await UploadAsync(published, "feed.xml", "public");

        using var read = new MemoryStream();
        await access.Anonymous.DownloadObjectAsync(published, "feed.xml", read);
        var listed = await access.Anonymous.ListObjectsAsync(published).ToListAsync();
        var listing = await Assert.ThrowsAsync<GoogleApiException>(() => access.Anonymous.ListObjectsAsync(uploads).ToListAsync().AsTask());
        var metadata = await Assert.ThrowsAsync<GoogleApiException>(() => access.Anonymous.GetObjectAsync(uploads, "raw.wav"));

        Assert.Equal("public", Encoding.UTF8.GetString(read.ToArray()));
        Assert.Equal(["feed.xml"], listed.Select(o => o.Name));
        Assert.Equal(HttpStatusCode.Unauthorized, listing.HttpStatusCode);
        Assert.StartsWith("Anonymous caller does not have storage.objects.list access to the Google Cloud Storage bucket.", listing.Error.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, metadata.HttpStatusCode);
    }

    [Fact]
    public async Task Unauthenticated_client_cannot_write_or_manage_buckets_even_the_public_one()
    {
        var published = await access.NewBucketAsync(publicRead: true);

        var upload = await Assert.ThrowsAsync<GoogleApiException>(() =>
            access.Anonymous.UploadObjectAsync(published, "defaced.xml", "text/xml", new MemoryStream("<x/>"u8.ToArray())));
        var bucket = await Assert.ThrowsAsync<GoogleApiException>(() => access.Anonymous.GetBucketAsync(published));
        var patch = await Assert.ThrowsAsync<GoogleApiException>(() => access.Anonymous.PatchBucketAsync(new Bucket { Name = published, Labels = new Dictionary<string, string> { ["x"] = "y" } }));
        var policy = await Assert.ThrowsAsync<GoogleApiException>(() => access.Anonymous.GetBucketIamPolicyAsync(published));
        var create = await Assert.ThrowsAsync<GoogleApiException>(() => access.Anonymous.CreateBucketAsync("test-project", "anonymous-bucket"));

        Assert.All([upload, bucket, patch, policy, create], e => Assert.Equal(HttpStatusCode.Unauthorized, e.HttpStatusCode));
        Assert.StartsWith("Anonymous caller does not have storage.objects.create access", upload.Error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Anonymous caller does not have storage.buckets.getIamPolicy access to the Google Cloud Storage bucket.", policy.Error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Anonymous caller does not have storage.buckets.create access to the Google Cloud project.", create.Error.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<GoogleApiException>(() => Storage.GetObjectAsync(published, "defaced.xml"));
        Assert.Equal(HttpStatusCode.NotFound, missing.HttpStatusCode);
    }

    [Fact]
    public async Task Client_with_a_token_from_the_emulator_token_endpoint_writes_reads_and_sets_policies()
    {
        var bucket = await access.NewBucketAsync();

        await UploadAsync(bucket, "uploads/take.wav", "take");
        using var read = new MemoryStream();
        await Storage.DownloadObjectAsync(bucket, "uploads/take.wav", read);
        var listed = await Storage.ListObjectsAsync(bucket, "uploads/").ToListAsync();
        var patched = await Storage.PatchBucketAsync(new Bucket { Name = bucket, Labels = new Dictionary<string, string> { ["purpose"] = "uploads" } });
        var policy = await Storage.GetBucketIamPolicyAsync(bucket);
        policy.Bindings.Add(new Policy.BindingsData { Role = "roles/storage.objectAdmin", Members = [$"serviceAccount:{AccessControlFixture.Account}"] });
        var updated = await Storage.SetBucketIamPolicyAsync(bucket, policy);

        Assert.Equal("take", Encoding.UTF8.GetString(read.ToArray()));
        Assert.Single(listed);
        Assert.Equal("uploads", patched.Labels["purpose"]);
        Assert.Contains(updated.Bindings, b => b.Role == "roles/storage.objectAdmin");
        Assert.True(access.Server.Tokens.TryValidate("Bearer " + await access.AccessTokenAsync(), out var grant));
        Assert.Equal(AccessControlFixture.Account, grant.Principal);
    }

    [Fact]
    public async Task Unknown_or_expired_bearer_tokens_are_refused_with_401_even_for_public_objects()
    {
        var published = await access.NewBucketAsync(publicRead: true);
        await UploadAsync(published, "feed.xml", "public");
        var expired = access.Server.Tokens.Issue(AccessControlFixture.Account, TimeSpan.FromMinutes(-1), [AccessControlFixture.FullControl]);

        using var unknown = await SendAsync(HttpMethod.Get, $"storage/v1/b/{published}/o/feed.xml?alt=media", "ya29.not-issued-here");
        using var stale = await SendAsync(HttpMethod.Get, $"storage/v1/b/{published}/o/feed.xml?alt=media", expired.Token);
        using var xml = await SendAsync(HttpMethod.Get, $"{published}/feed.xml", "ya29.not-issued-here");

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        var detail = JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["error"]!["errors"]![0]!;
        Assert.Equal("authError", detail["reason"]!.GetValue<string>());
        Assert.Equal("Invalid Credentials", detail["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, xml.StatusCode);
        Assert.Contains("<Code>AuthenticationRequired</Code>", await xml.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_without_a_storage_scope_is_refused_with_403_and_a_read_only_scope_only_reads()
    {
        var bucket = await access.NewBucketAsync();
        await UploadAsync(bucket, "raw.wav", "audio");
        var iamOnly = access.Server.Tokens.Issue(AccessControlFixture.Account, TimeSpan.FromMinutes(5), ["https://www.googleapis.com/auth/iam"]);
        var readOnly = access.Server.Tokens.Issue(AccessControlFixture.Account, TimeSpan.FromMinutes(5), ["https://www.googleapis.com/auth/devstorage.read_only"]);

        using var noScope = await SendAsync(HttpMethod.Get, $"storage/v1/b/{bucket}/o/raw.wav?alt=media", iamOnly.Token);
        using var reads = await SendAsync(HttpMethod.Get, $"storage/v1/b/{bucket}/o/raw.wav?alt=media", readOnly.Token);
        using var writes = await SendAsync(HttpMethod.Post, $"upload/storage/v1/b/{bucket}/o?uploadType=media&name=new.wav", readOnly.Token, new ByteArrayContent([1, 2, 3]));

        Assert.Equal(HttpStatusCode.Forbidden, noScope.StatusCode);
        Assert.Equal("Provided scope(s) are not authorized", JsonNode.Parse(await noScope.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, reads.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, writes.StatusCode);
    }

    [Fact]
    public async Task V4_signed_urls_upload_and_download_without_a_bearer()
    {
        var uploads = await access.NewBucketAsync();
        var signer = UrlSigner.FromCredential(CredentialFactory.FromJson<ServiceAccountCredential>(access.KeyJson));
        var options = UrlSigner.Options.FromDuration(TimeSpan.FromMinutes(5)).WithScheme("http")
            .WithHost(access.Server.BaseUri.Host).WithPort(access.Server.BaseUri.Port).WithUrlStyle(UrlSigner.UrlStyle.PathStyle);
        var template = UrlSigner.RequestTemplate.FromBucket(uploads).WithObjectName("uploads/from browser.wav");

        using var put = await Http.PutAsync(await signer.SignAsync(template.WithHttpMethod(HttpMethod.Put), options), new StringContent("browser bytes"));
        using var get = await Http.GetAsync(await signer.SignAsync(template.WithHttpMethod(HttpMethod.Get), options));
        using var unsigned = await Http.GetAsync($"{uploads}/uploads/from%20browser.wav");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("browser bytes", await get.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);
    }

    [Fact]
    public async Task Resumable_session_chunks_need_no_bearer_but_starting_a_session_does()
    {
        var uploads = await access.NewBucketAsync();
        const string start = "upload/storage/v1/b/{0}/o?uploadType=resumable&name=big.wav";

        using var anonymousStart = await Http.PostAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, start, uploads), JsonBody("{}"));
        using var started = await SendAsync(HttpMethod.Post, string.Format(System.Globalization.CultureInfo.InvariantCulture, start, uploads), await access.AccessTokenAsync(), JsonBody("{}"));
        var session = started.Headers.Location!;
        using var first = await Http.PutAsync(session, Chunk("0123456789"u8.ToArray(), "bytes 0-9/15"));
        using var last = await Http.PutAsync(session, Chunk("abcde"u8.ToArray(), "bytes 10-14/15"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymousStart.StatusCode);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal(308, (int)first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        using var read = new MemoryStream();
        await Storage.DownloadObjectAsync(uploads, "big.wav", read);
        Assert.Equal("0123456789abcde", Encoding.UTF8.GetString(read.ToArray()));
    }

    [Fact]
    public async Task Enforcing_public_access_prevention_stops_anonymous_reads_despite_an_allUsers_binding()
    {
        var published = await access.NewBucketAsync(publicRead: true);
        await UploadAsync(published, "feed.xml", "public");

        await Storage.PatchBucketAsync(new Bucket { Name = published, IamConfiguration = new Bucket.IamConfigurationData { PublicAccessPrevention = "enforced" } });
        using var response = await Http.GetAsync($"{published}/feed.xml");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains((await Storage.GetBucketIamPolicyAsync(published)).Bindings, b => b.Members.Contains("allUsers"));
    }

    [Fact]
    public async Task Test_permissions_answers_what_the_caller_may_do()
    {
        var published = await access.NewBucketAsync(publicRead: true);
        string[] asked = ["storage.objects.get", "storage.objects.list", "storage.objects.create"];

        var anonymous = await access.Anonymous.TestBucketIamPermissionsAsync(published, asked);
        var authenticated = await Storage.TestBucketIamPermissionsAsync(published, asked);

        Assert.Equal(["storage.objects.get", "storage.objects.list"], anonymous);
        Assert.Equal(asked, authenticated);
    }

    [Fact]
    public async Task Emulator_identity_and_preflight_endpoints_stay_open()
    {
        var bucket = await access.NewBucketAsync();
        await Storage.PatchBucketAsync(new Bucket
        {
            Name = bucket,
            Cors = [new Bucket.CorsData { Origin = ["https://app.example"], Method = ["PUT"], MaxAgeSeconds = 60 }],
        });
        using var preflightRequest = new HttpRequestMessage(HttpMethod.Options, $"{bucket}/uploads/x.wav");
        preflightRequest.Headers.Add("Origin", "https://app.example");
        preflightRequest.Headers.Add("Access-Control-Request-Method", "PUT");
        using var metadataRequest = new HttpRequestMessage(HttpMethod.Get, "computeMetadata/v1/project/project-id");
        metadataRequest.Headers.Add("Metadata-Flavor", "Google");

        using var preflight = await Http.SendAsync(preflightRequest);
        using var faults = await Http.PostAsync("_emulator/faults", JsonBody("""{"count":1,"pathContains":"/never-requested/"}"""));
        using var metadata = await Http.SendAsync(metadataRequest);

        Assert.Equal(HttpStatusCode.OK, preflight.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, faults.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
    }

    private async Task UploadAsync(string bucket, string name, string content) =>
        await Storage.UploadObjectAsync(bucket, name, "application/octet-stream", new MemoryStream(Encoding.UTF8.GetBytes(content)));

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Http.SendAsync(request);
    }

    private static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    private static ByteArrayContent Chunk(byte[] data, string contentRange)
    {
        var content = new ByteArrayContent(data);
        content.Headers.TryAddWithoutValidation("Content-Range", contentRange);
        return content;
    }
}
