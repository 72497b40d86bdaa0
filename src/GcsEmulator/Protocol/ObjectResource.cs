using System.Globalization;
using System.Text.Json.Nodes;
using EpisodeBuilder.GcsEmulator.Persistence;

namespace EpisodeBuilder.GcsEmulator.Protocol;

/// <summary>Maps stored objects to the JSON resource GCS returns (numbers as strings, as GCS sends them).</summary>
internal static class ObjectResource
{
    public static JsonObject ToJson(ObjectRecord record, Uri baseUri)
    {
        var generation = record.Generation.ToString(CultureInfo.InvariantCulture);
        var escaped = Uri.EscapeDataString(record.Name);
        var json = new JsonObject
        {
            ["kind"] = "storage#object",
            ["id"] = $"{record.Bucket}/{record.Name}/{generation}",
            ["selfLink"] = $"{baseUri}storage/v1/b/{record.Bucket}/o/{escaped}",
            ["mediaLink"] = $"{baseUri}download/storage/v1/b/{record.Bucket}/o/{escaped}?generation={generation}&alt=media",
            ["name"] = record.Name,
            ["bucket"] = record.Bucket,
            ["generation"] = generation,
            ["metageneration"] = record.Metageneration.ToString(CultureInfo.InvariantCulture),
            ["contentType"] = record.ContentType,
            ["storageClass"] = "STANDARD",
            ["size"] = record.Size.ToString(CultureInfo.InvariantCulture),
            ["md5Hash"] = record.Md5Hash,
            ["crc32c"] = record.Crc32c,
            ["etag"] = ETag(record),
            ["timeCreated"] = ObjectRepository.Timestamp(record.TimeCreated),
            ["updated"] = ObjectRepository.Timestamp(record.Updated),
            ["timeStorageClassUpdated"] = ObjectRepository.Timestamp(record.TimeCreated),
        };
        if (record.CustomTime is { } customTime)
        {
            json["customTime"] = ObjectRepository.Timestamp(customTime);
        }

        if (record.CacheControl is { } cacheControl)
        {
            json["cacheControl"] = cacheControl;
        }

        if (record.Metadata is { Count: > 0 } metadata)
        {
            var map = new JsonObject();
            foreach (var (key, value) in metadata)
            {
                map[key] = value;
            }

            json["metadata"] = map;
        }

        return json;
    }

    public static string ETag(ObjectRecord record) =>
        Convert.ToBase64String(BitConverter.GetBytes(record.Generation ^ (record.Metageneration << 48)));
}
