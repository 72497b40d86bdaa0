using System.Text.Json;

namespace EpisodeBuilder.Media.Editing;

/// <summary>
/// Writes chapters in the Podcasting 2.0 JSON chapters format (<c>podcast:chapters type="application/json+chapters"</c>):
/// <c>{ "version": "1.2.0", "chapters": [{ "startTime", "title" }] }</c>, start times in seconds.
/// </summary>
public static class ChaptersJson
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string Write(IEnumerable<Chapter> chapters) => JsonSerializer.Serialize(
        new { version = "1.2.0", chapters = chapters.Select(c => new { startTime = c.Start, title = c.Title }) },
        Json);

    /// <summary>Reads chapters this writer wrote.</summary>
    public static IReadOnlyList<Chapter> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("chapters").EnumerateArray()
            .Select(c => new Chapter(c.GetProperty("startTime").GetDouble(), c.GetProperty("title").GetString() ?? string.Empty))
            .ToList();
    }
}
