using System.Text.Json.Nodes;

namespace EpisodeBuilder.Functions.Tests;

/// <summary>What the Functions host would load from the build output of src/Functions.</summary>
public sealed class HostMetadataTests
{
    private static string FunctionsOutput() => FunctionsBuildOutput.Folder("functions.metadata");

    [Fact]
    public void Host_would_load_every_function_with_its_trigger_route_and_key_level()
    {
        var functions = JsonNode.Parse(File.ReadAllText(Path.Combine(FunctionsOutput(), "functions.metadata")))!.AsArray()
            .ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["bindings"]!.AsArray().Single(b => b!["type"]!.GetValue<string>().EndsWith("Trigger", StringComparison.Ordinal))!);

        var http = new Dictionary<string, (string Route, string Method)>
        {
            ["StartBuild"] = ("episodes/{episodeId}/builds", "post"),
            ["GetBuild"] = ("builds/{buildId}", "get"),
            ["ListBuilds"] = ("episodes/{episodeId}/builds", "get"),
            ["CancelBuild"] = ("builds/{buildId}/cancel", "post"),
            ["CreateSnippet"] = ("episodes/{episodeId}/snippets", "post"),
            ["CreateUpload"] = ("uploads", "post"),
            ["GetReview"] = ("builds/{buildId}/review", "get"),
            ["ApproveReview"] = ("builds/{buildId}/review", "post"),
        };
        foreach (var (name, (route, method)) in http)
        {
            var trigger = functions[name];
            Assert.Equal("httpTrigger", trigger["type"]!.GetValue<string>());
            Assert.Equal(route, trigger["route"]!.GetValue<string>());
            Assert.Equal([method], trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>()));
            Assert.Equal("Function", trigger["authLevel"]!.GetValue<string>());
        }

        Assert.Equal("orchestrationTrigger", functions["EpisodeBuild"]["type"]!.GetValue<string>());
        foreach (var activity in new[] { "InspectUpload", "TranscribeChunk", "Transcribe", "PlanEdits", "CleanAudio", "GenerateSegment", "MergeEpisode", "EncodeEpisode", "ExportSnippets", "PublishEpisode", "ComputePeaks", "ApplyReview", "WriteChapters" })
        {
            Assert.Equal("activityTrigger", functions[activity]["type"]!.GetValue<string>());
        }

        Assert.Equal(22, functions.Count);
    }

    [Fact]
    public void Host_would_load_the_durable_extension_and_the_shared_host_json()
    {
        var output = FunctionsOutput();
        var extensions = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "extensions.json")))!["extensions"]!.AsArray();
        Assert.Contains(extensions, e => e!["name"]!.GetValue<string>() == "DurableTask");

        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "host.json")))!;
        Assert.Equal("2.0", host["version"]!.GetValue<string>());
        Assert.NotNull(host["extensions"]!["durableTask"]);
    }
}
