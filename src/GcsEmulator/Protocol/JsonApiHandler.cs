using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using EpisodeBuilder.GcsEmulator.Access;
using EpisodeBuilder.GcsEmulator.Persistence;
using Microsoft.AspNetCore.Http;

namespace EpisodeBuilder.GcsEmulator.Protocol;

/// <summary>
/// The GCS JSON API routes under <c>/storage/v1/</c> (and <c>/</c>, where the .NET client sends them when the
/// emulator host is given without a path): buckets and their IAM policies, object metadata, downloads, listing,
/// patch, delete, copy and rewrite.
/// </summary>
internal sealed class JsonApiHandler(ObjectRepository repository, DownloadMeter meter, BucketIamHandler iam)
{
    private const int DefaultPageSize = 1000;

    public async Task HandleAsync(GcsRequest request, string[] segments, Uri baseUri, bool forceMedia, CancellationToken cancellationToken)
    {
        var method = request.Method;
        switch (segments)
        {
            case ["b"] when HttpMethods.IsPost(method):
                var resource = await request.ReadJsonAsync(cancellationToken);
                await WriteJsonAsync(request, repository.Buckets.Create(resource, request.QueryValue("project")), cancellationToken);
                return;

            case ["b", var bucket] when HttpMethods.IsGet(method):
                await WriteJsonAsync(request, repository.Buckets.Get(bucket), cancellationToken);
                return;

            case ["b", var bucket] when HttpMethods.IsPatch(method) || HttpMethods.IsPut(method):
                var changes = await request.ReadJsonAsync(cancellationToken);
                await WriteJsonAsync(request, repository.Buckets.Update(bucket, changes, HttpMethods.IsPut(method), request.QueryLong("ifMetagenerationMatch")), cancellationToken);
                return;

            case ["b", var bucket, "iam"] when HttpMethods.IsGet(method):
                await WriteJsonAsync(request, iam.Get(bucket), cancellationToken);
                return;

            case ["b", var bucket, "iam"] when HttpMethods.IsPut(method):
                await WriteJsonAsync(request, await iam.SetAsync(request, bucket, cancellationToken), cancellationToken);
                return;

            case ["b", var bucket, "iam", "testPermissions"] when HttpMethods.IsGet(method):
                await WriteJsonAsync(request, iam.TestPermissions(request, bucket), cancellationToken);
                return;

            case ["b", var bucket, "o"] when HttpMethods.IsGet(method):
                await ListAsync(request, bucket, baseUri, cancellationToken);
                return;

            case ["b", var bucket, "o", var name] when HttpMethods.IsGet(method) || HttpMethods.IsHead(method):
                var record = repository.Get(bucket, name, request.QueryLong("generation"));
                if (request.Preconditions().Check(record) is { } failure)
                {
                    throw EmulatorException.PreconditionFailed(failure);
                }

                if (forceMedia || request.QueryValue("alt") == "media")
                {
                    await ObjectDownloads.WriteAsync(request.Context, repository, record, meter, cancellationToken);
                }
                else
                {
                    await WriteJsonAsync(request, ObjectResource.ToJson(record, baseUri), cancellationToken);
                }

                return;

            case ["b", var bucket, "o", var name] when HttpMethods.IsPatch(method) || HttpMethods.IsPut(method):
                await PatchAsync(request, bucket, name, replace: HttpMethods.IsPut(method), baseUri, cancellationToken);
                return;

            case ["b", var bucket, "o", var name] when HttpMethods.IsDelete(method):
                repository.Delete(bucket, name, request.Preconditions());
                request.Context.Response.StatusCode = (int)HttpStatusCode.NoContent;
                return;

            case ["b", var bucket, "o", var name, "rewriteTo" or "copyTo", "b", var targetBucket, "o", var targetName] when HttpMethods.IsPost(method):
                await CopyAsync(request, bucket, name, targetBucket, targetName, rewrite: segments[4] == "rewriteTo", baseUri, cancellationToken);
                return;

            default:
                throw new EmulatorException(HttpStatusCode.NotFound, "notFound", $"Not Found: {method} {request.RawPath}");
        }
    }

    private async Task ListAsync(GcsRequest request, string bucket, Uri baseUri, CancellationToken cancellationToken)
    {
        var maxResults = (int)Math.Clamp(request.QueryLong("maxResults") ?? DefaultPageSize, 1, DefaultPageSize);
        var (items, prefixes, next) = repository.List(
            bucket, request.QueryValue("prefix"), request.QueryValue("delimiter"), maxResults, request.QueryValue("pageToken"), request.QueryValue("startOffset"));
        var body = new JsonObject { ["kind"] = "storage#objects" };
        if (items.Count > 0)
        {
            body["items"] = new JsonArray(items.Select(i => (JsonNode)ObjectResource.ToJson(i, baseUri)).ToArray());
        }

        if (prefixes.Count > 0)
        {
            body["prefixes"] = new JsonArray(prefixes.Select(p => (JsonNode)JsonValue.Create(p)!).ToArray());
        }

        if (next is not null)
        {
            body["nextPageToken"] = next;
        }

        await WriteJsonAsync(request, body, cancellationToken);
    }

    private async Task PatchAsync(GcsRequest request, string bucket, string name, bool replace, Uri baseUri, CancellationToken cancellationToken)
    {
        var changes = await request.ReadJsonAsync(cancellationToken);
        Dictionary<string, string?>? metadata = null;
        if (changes["metadata"] is JsonObject map)
        {
            metadata = map.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString());
        }

        DateTimeOffset? customTime = changes["customTime"]?.GetValue<string>() is { } time
            ? DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal)
            : null;
        var record = repository.Patch(bucket, name, changes["contentType"]?.GetValue<string>(), metadata, replace, request.Preconditions(), customTime);
        await WriteJsonAsync(request, ObjectResource.ToJson(record, baseUri), cancellationToken);
    }

    private async Task CopyAsync(GcsRequest request, string bucket, string name, string targetBucket, string targetName, bool rewrite, Uri baseUri, CancellationToken cancellationToken)
    {
        UploadHandler.ValidateName(targetName);
        var source = repository.Get(bucket, name, request.QueryLong("sourceGeneration"));
        var sourceConditions = request.Preconditions("ifSource");
        if (sourceConditions.Check(source) is { } failure)
        {
            throw EmulatorException.PreconditionFailed(failure);
        }

        var resource = await request.ReadJsonAsync(cancellationToken);
        var staged = repository.NewStagingFile();
        File.Copy(repository.ContentPath(source), staged);
        var contentType = resource["contentType"]?.GetValue<string>() ?? source.ContentType;
        var metadata = UploadHandler.Metadata(resource) ?? source.Metadata;
        var hashes = new StagedHashes(source.Size, source.Md5Hash, source.Crc32c);
        var cacheControl = UploadHandler.CacheControl(resource) ?? source.CacheControl;
        var record = repository.Commit(targetBucket, targetName, staged, contentType, metadata, request.Preconditions(), hashes, cacheControl);
        var json = ObjectResource.ToJson(record, baseUri);
        if (!rewrite)
        {
            await WriteJsonAsync(request, json, cancellationToken);
            return;
        }

        var size = record.Size.ToString(CultureInfo.InvariantCulture);
        await WriteJsonAsync(
            request,
            new JsonObject
            {
                ["kind"] = "storage#rewriteResponse",
                ["totalBytesRewritten"] = size,
                ["objectSize"] = size,
                ["done"] = true,
                ["resource"] = json,
            },
            cancellationToken);
    }

    private static Task WriteJsonAsync(GcsRequest request, JsonObject body, CancellationToken cancellationToken)
    {
        request.Context.Response.StatusCode = (int)HttpStatusCode.OK;
        request.Context.Response.ContentType = "application/json; charset=UTF-8";
        return request.Context.Response.WriteAsync(body.ToJsonString(), cancellationToken);
    }
}
