using System.Globalization;
using System.Xml.Linq;
using EpisodeBuilder.LocalHostDriver;

namespace EpisodeBuilder.Bench;

/// <summary>
/// What a scenario must leave behind, checked once its builds have ended and its cluster has stopped: every published
/// episode exactly once in its feed (no duplicate, none missing), every published MP3 decoding end to end to the
/// duration its feed item states, no workspace left on disk, and every user's line of builds empty.
/// </summary>
public sealed record LoadChecks(int FeedDuplicates, int FeedMissing, int Mp3Checked, IReadOnlyList<string> Mp3Problems, int WorkspacesLeft, int LinesNotEmpty)
{
    private static readonly XNamespace ITunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";

    /// <summary>True when nothing is duplicated, missing, broken or left over.</summary>
    public bool Clean => FeedDuplicates == 0 && FeedMissing == 0 && Mp3Problems.Count == 0 && WorkspacesLeft == 0 && LinesNotEmpty == 0;

    /// <summary>Checks the feeds, MP3s and lines in storage; <see cref="WorkspacesLeft"/> is counted once the cluster has stopped.</summary>
    public static async Task<LoadChecks> RunAsync(Uri gcs, string podcast, IReadOnlyList<LoadBuildResult> builds, IReadOnlyDictionary<string, string?> episodeKeys, string scratch, CancellationToken cancellationToken)
    {
        using var published = new GcsObjects(gcs, GcsObjects.PublicBucket);
        using var private_ = new GcsObjects(gcs);
        Directory.CreateDirectory(scratch);
        var (duplicates, missing, checkedMp3) = (0, 0, 0);
        var problems = new List<string>();
        var lines = 0;
        foreach (var user in builds.Select(b => b.User).Distinct())
        {
            var feedBytes = await ReadAsync(published, $"{user}/feeds/{podcast}.xml", cancellationToken);
            var items = feedBytes is null ? [] : XDocument.Parse(System.Text.Encoding.UTF8.GetString(feedBytes)).Descendants("item").ToList();
            duplicates += items.GroupBy(i => (string?)i.Element("guid")).Sum(g => g.Count() - 1);
            foreach (var build in builds.Where(b => b.User == user && b.Status == "Completed"))
            {
                var key = episodeKeys.GetValueOrDefault(build.BuildId);
                var item = items.FirstOrDefault(i => key is not null && ((string?)i.Element("enclosure")?.Attribute("url"))?.EndsWith(key, StringComparison.Ordinal) == true);
                if (item is null || key is null)
                {
                    missing++;
                    continue;
                }

                var mp3 = Path.Combine(scratch, build.BuildId + ".mp3");
                await File.WriteAllBytesAsync(mp3, await ReadAsync(published, key, cancellationToken) ?? [], cancellationToken);
                checkedMp3++;
                if (await DecodedSecondsAsync(mp3, cancellationToken) is not { } decoded)
                {
                    problems.Add($"{key}: does not decode");
                }
                else if (Seconds((string?)item.Element(ITunes + "duration")) is not { } stated || Math.Abs(decoded - stated) > 1.5)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: decodes to {decoded:F1} s, its feed item says {(string?)item.Element(ITunes + "duration")}"));
                }

                File.Delete(mp3);
            }

            if (await ReadAsync(private_, $"{user}/builds/queue.json", cancellationToken) is { } line && System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("builds").GetArrayLength() > 0)
            {
                lines++;
            }
        }

        return new LoadChecks(duplicates, missing, checkedMp3, problems, 0, lines);
    }

    /// <summary>A read the storage faults of the scenario failed is read again, as the product's own client does.</summary>
    private static async Task<byte[]?> ReadAsync(GcsObjects bucket, string key, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await bucket.GetAsync(key, cancellationToken);
            }
            catch (HttpRequestException) when (attempt < 20)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
    }

    /// <summary>Workspaces (one folder each) left under <paramref name="root"/>.</summary>
    public static int CountWorkspaces(string root) => Directory.Exists(root) ? Directory.GetDirectories(root).Length : 0;

    private static async Task<double?> DecodedSecondsAsync(string mp3, CancellationToken cancellationToken)
    {
        // Decoded end to end: any decode error fails it; the duration is what the decoder produced, not the header's claim.
        try
        {
            var run = await ToolRun.RunAsync("ffmpeg", ["-hide_banner", "-nostats", "-v", "error", "-xerror", "-i", mp3, "-f", "null", "-progress", "pipe:1", "-"], cancellationToken);
            if (run.ErrorLines.Any(l => l.Length > 0))
            {
                return null;
            }

            var last = run.Output.Split('\n').LastOrDefault(l => l.StartsWith("out_time_us=", StringComparison.Ordinal));
            return last is not null && long.TryParse(last["out_time_us=".Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var us) ? us / 1e6 : null;
        }
        catch (BenchFailedException)
        {
            return null;
        }
    }

    private static double? Seconds(string? hhmmss) =>
        hhmmss is not null && TimeSpan.TryParseExact(hhmmss, [@"hh\:mm\:ss", @"h\:mm\:ss", @"mm\:ss"], CultureInfo.InvariantCulture, out var span) ? span.TotalSeconds : null;
}
