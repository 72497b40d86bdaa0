using System.Text.Json.Nodes;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.LocalHost;
using EpisodeBuilder.Orchestration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;

namespace EpisodeBuilder.Functions.Tests;

/// <summary>
/// What the Functions host would load from the build output of src/Functions (the SDK's own <c>functions.metadata</c>),
/// against the declarations it must come from: the steps' classes and the HTTP functions' attributes.
/// </summary>
public sealed class HostMetadataTests
{
    private static string FunctionsOutput() => FunctionsBuildOutput.Folder("functions.metadata");

    private static Dictionary<string, JsonNode> Triggers() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(FunctionsOutput(), "functions.metadata")))!.AsArray()
            .ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["bindings"]!.AsArray().Single(b => b!["type"]!.GetValue<string>().EndsWith("Trigger", StringComparison.Ordinal))!);

    private static IEnumerable<string> Named(Dictionary<string, JsonNode> triggers, string type) =>
        triggers.Where(t => t.Value["type"]!.GetValue<string>() == type).Select(t => t.Key).Order(StringComparer.Ordinal);

    [Fact]
    public void Host_would_load_exactly_the_declared_steps_the_http_functions_the_orchestrator_and_the_watchdog()
    {
        var triggers = Triggers();

        Assert.Equal(BuildActivities.All.Select(a => a.Name), Named(triggers, "activityTrigger"));
        Assert.Equal([EpisodeBuildOrchestrator.Name], Named(triggers, "orchestrationTrigger"));
        Assert.Equal(FunctionRoutes.All.Select(f => f.Name), Named(triggers, "httpTrigger"));
        Assert.Equal([Timers.StalledBuildsFunction.Name], Named(triggers, "timerTrigger"));
        Assert.Equal(BuildActivities.All.Count + FunctionRoutes.All.Count + 2, triggers.Count);
        // No function key: a browser cannot hold one. Every route identifies its caller itself (CallerIdentity) or answers 401.
        Assert.All(FunctionRoutes.All, f => Assert.Equal("Anonymous", triggers[f.Name]["authLevel"]!.GetValue<string>()));
        Assert.True(BuildActivities.All.Count >= 13 && FunctionRoutes.All.Count >= 8, "the declarations were not found");
    }

    [Fact]
    public async Task Local_host_serves_every_http_function_with_the_host_s_method_and_route()
    {
        var fromHost = Triggers()
            .Where(t => t.Value["type"]!.GetValue<string>() == "httpTrigger")
            .Select(t => (t.Key, Method: t.Value["methods"]!.AsArray().Single()!.GetValue<string>().ToUpperInvariant(), Route: "/api/" + t.Value["route"]!.GetValue<string>()))
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .ToList();

        var builder = WebApplication.CreateSlimBuilder();
        await using var app = builder.Build();
        FunctionRoutes.Map(app);
        var served = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Select(e => (Key: e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName, Method: e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Single(), Route: e.RoutePattern.RawText!))
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .ToList();

        Assert.Equal(fromHost, served);
    }

    [Fact]
    public void Every_activity_trigger_runs_its_declared_step_with_its_input_and_output()
    {
        var triggers = typeof(Durable.EpisodeBuildFunctions).GetMethods()
            .Select(m => (Method: m, Name: m.GetCustomAttributes(typeof(FunctionAttribute), false).Cast<FunctionAttribute>().SingleOrDefault()?.Name))
            .Where(m => m.Name is not null && m.Method.GetParameters().Any(p => p.IsDefined(typeof(ActivityTriggerAttribute), false)))
            .ToDictionary(m => m.Name!, m => m.Method);

        Assert.Equal(BuildActivities.All.Select(a => a.Name).Order(StringComparer.Ordinal), triggers.Keys.Order(StringComparer.Ordinal));
        foreach (var step in BuildActivities.All)
        {
            var trigger = triggers[step.Name];
            Assert.Equal(step.InputType, trigger.GetParameters()[0].ParameterType);
            Assert.Equal(typeof(Task<>).MakeGenericType(typeof(StepRun<>).MakeGenericType(step.OutputType)), trigger.ReturnType);
        }
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
