using System.Diagnostics;
using System.Text.Json.Nodes;

namespace EpisodeBuilder.Activities.Tests.Publishing;

/// <summary>
/// Reads a feed with Podcast Index's <c>podcast-partytime</c> (npm, under <c>.tools/feed-reader</c>, which script/bootstrap
/// installs) in node: what a podcast app built on a parser nobody here wrote sees of the feed, as its <c>parseFeed</c> object.
/// </summary>
public static class PartytimeReader
{
    private const string Script = """
        const { parseFeed } = require('podcast-partytime');
        const xml = require('fs').readFileSync(process.argv[1], 'utf8');
        const feed = parseFeed(xml, { allowMissingGuid: true });
        process.stdout.write(JSON.stringify(feed));
        """;

    public static async Task<JsonNode> ParseAsync(string xml)
    {
        var modules = Modules();
        var path = Path.Combine(Path.GetTempPath(), $"feed-{Guid.NewGuid():N}.xml");
        await File.WriteAllTextAsync(path, xml);
        try
        {
            var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-e");
            start.ArgumentList.Add(Script);
            start.ArgumentList.Add(path);
            start.Environment["NODE_PATH"] = modules;
            using var node = Process.Start(start)!;
            var output = node.StandardOutput.ReadToEndAsync();
            var errors = node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();
            Assert.True(node.ExitCode == 0, $"podcast-partytime failed ({node.ExitCode}): {await errors}");
            return JsonNode.Parse(await output) ?? throw new InvalidOperationException("podcast-partytime could not parse the feed: " + xml);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Modules()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, ".tools", "feed-reader", "node_modules");
            if (Directory.Exists(Path.Combine(candidate, "podcast-partytime")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("podcast-partytime is not installed (script/bootstrap installs it under .tools/feed-reader).");
    }
}
