using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EpisodeBuilder.Orchestration;

namespace EpisodeBuilder.Functions.Tests;

/// <summary>
/// The <c>host.json</c> the Functions host would load from the build output of src/Functions, read against what
/// docs/hosting.md promises about it: a value changed in one and not the other fails here.
/// </summary>
public sealed partial class HostSettingsTests
{
    private const string DurableTask = "extensions.durableTask";

    [Fact]
    public void Function_timeout_outlasts_the_longest_step_deadline()
    {
        var stepDeadline = new BuildOptions().StepTimeout;
        var functionTimeout = FunctionTimeout(BuiltHostJson());

        // The step deadline must fire first, so a stuck step fails its build by name instead of the host killing
        // the worker process under every step running on it.
        Assert.True(functionTimeout > stepDeadline,
            $"functionTimeout {functionTimeout:c} must be longer than the step deadline {stepDeadline:c}.");

        var documented = StepDeadlineInDocs().Match(HostingDoc());
        Assert.True(documented.Success, "docs/hosting.md must state \"`Builds:StepTimeout`, default `hh:mm:ss`\".");
        Assert.Equal(new BuildOptions().StepTimeout.ToString("c", CultureInfo.InvariantCulture), documented.Groups[1].Value);
    }

    [Fact]
    public void Hosting_doc_states_every_setting_with_the_value_host_json_has()
    {
        var host = BuiltHostJson();
        var documented = DocumentedSettings();

        // Everything host.json sets, apart from its schema version and log levels, is explained in the doc.
        var settings = Leaves(host)
            .Where(s => s.Path != "version" && !s.Path.StartsWith("logging.", StringComparison.Ordinal))
            .ToDictionary(s => s.Path, s => s.Value);
        Assert.Equal(settings.Keys.Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, value) in documented)
        {
            Assert.True(settings[path] == value, $"docs/hosting.md says {path} is `{value}`; host.json has `{settings[path]}`.");
        }

        Assert.Contains("functionTimeout", documented.Keys);
        Assert.Contains($"{DurableTask}.maxConcurrentActivityFunctions", documented.Keys);
    }

    [Fact]
    public void Durable_settings_sit_under_extensions_not_logging()
    {
        var host = BuiltHostJson();

        Assert.Equal("2.0", host["version"]!.GetValue<string>());
        Assert.IsType<JsonObject>(host["extensions"]!["durableTask"]);
        Assert.Null(host["durableTask"]);
        // Log categories such as "DurableTask.Core" belong there; a "durableTask" settings object does not.
        Assert.DoesNotContain("durableTask", Keys(host["logging"]!.AsObject()));
        Assert.Equal("AzureStorage", host["extensions"]!["durableTask"]!["storageProvider"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Task_hub_name_is_a_valid_task_hub_name()
    {
        var hubName = BuiltHostJson()["extensions"]!["durableTask"]!["hubName"]!.GetValue<string>();

        // Letters and digits only, starting with a letter, 3 to 45 characters (Durable Functions task hub names).
        Assert.Matches(TaskHubName(), hubName);
        // Renaming the hub strands every build in the old one: it changes only with a plan for those builds.
        Assert.Equal("EpisodeBuilder", hubName);
    }

    [Fact]
    public void Activity_concurrency_is_at_most_one_step_per_documented_core()
    {
        var cores = CoresInDocs().Match(HostingDoc());
        Assert.True(cores.Success, "docs/hosting.md must state \"**N cores per instance**\".");
        var coreCount = int.Parse(cores.Groups[1].Value, CultureInfo.InvariantCulture);

        var activities = BuiltHostJson()["extensions"]!["durableTask"]!["maxConcurrentActivityFunctions"]!.GetValue<int>();

        Assert.InRange(activities, 1, coreCount);
    }

    [Fact]
    public void Plans_the_doc_says_can_run_a_build_allow_its_function_timeout()
    {
        var functionTimeout = FunctionTimeout(BuiltHostJson());
        var stepDeadline = new BuildOptions().StepTimeout;
        var plans = DocumentedPlans();

        Assert.Contains(plans, p => p.Runs);
        Assert.Contains(plans, p => !p.Runs);
        foreach (var plan in plans)
        {
            if (plan.Runs)
            {
                Assert.True(plan.MaxTimeout is null || plan.MaxTimeout >= functionTimeout,
                    $"{plan.Name} caps functionTimeout at {plan.MaxTimeout:c}, below host.json's {functionTimeout:c}.");
            }

            if (plan.MaxTimeout < stepDeadline)
            {
                Assert.False(plan.Runs, $"{plan.Name} caps a step at {plan.MaxTimeout:c}; it cannot run a {stepDeadline:c} step.");
            }
        }

        var consumption = Assert.Single(plans, p => p.Name.StartsWith("Consumption", StringComparison.Ordinal));
        Assert.Equal(TimeSpan.FromMinutes(10), consumption.MaxTimeout);
        Assert.False(consumption.Runs);
    }

    [Fact]
    public void Work_item_visibility_outlasts_lock_renewal_and_partitions_are_in_range()
    {
        var provider = BuiltHostJson()["extensions"]!["durableTask"]!["storageProvider"]!;

        // The Durable Task Framework renews a running activity's message 30 s before it would reappear.
        var visibility = TimeSpan.ParseExact(provider["workItemQueueVisibilityTimeout"]!.GetValue<string>(), "c", CultureInfo.InvariantCulture);
        Assert.True(visibility > TimeSpan.FromSeconds(30), $"workItemQueueVisibilityTimeout {visibility:c} leaves no room to renew.");
        Assert.InRange(provider["partitionCount"]!.GetValue<int>(), 1, 16);
    }

    private sealed record Plan(string Name, TimeSpan? MaxTimeout, bool Runs);

    private static TimeSpan FunctionTimeout(JsonObject host)
    {
        var text = host["functionTimeout"]!.GetValue<string>();
        Assert.True(TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var timeout) && timeout > TimeSpan.Zero,
            $"functionTimeout \"{text}\" must be a bounded hh:mm:ss duration.");
        return timeout;
    }

    /// <summary>The settings table of docs/hosting.md: `host.json path` → `value`.</summary>
    private static Dictionary<string, string> DocumentedSettings() =>
        TableRows(Section(HostingDoc(), "## host.json settings"))
            .Where(cells => cells.Length >= 2 && CodeSpan(cells[0]) is not null && CodeSpan(cells[1]) is not null)
            .ToDictionary(cells => CodeSpan(cells[0])!, cells => CodeSpan(cells[1])!);

    /// <summary>The plans table of docs/hosting.md: name, the plan's maximum functionTimeout (null when unbounded), yes/no.</summary>
    private static List<Plan> DocumentedPlans() =>
        TableRows(Section(HostingDoc(), "## Hosting plans"))
            .Where(cells => cells.Length >= 3 && cells[2] is "yes" or "no")
            .Select(cells =>
            {
                var max = cells[1].Split('/')[^1].Trim();
                var minutes = Minutes().Match(max);
                Assert.True(max == "unbounded" || minutes.Success, $"Cannot read a maximum timeout from \"{cells[1]}\".");
                TimeSpan? maxTimeout = minutes.Success
                    ? TimeSpan.FromMinutes(int.Parse(minutes.Groups[1].Value, CultureInfo.InvariantCulture))
                    : null;
                return new Plan(cells[0], maxTimeout, cells[2] == "yes");
            })
            .ToList();

    private static string Section(string markdown, string heading)
    {
        var start = markdown.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/hosting.md has no \"{heading}\" section.");
        var end = markdown.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? markdown[start..] : markdown[start..end];
    }

    private static IEnumerable<string[]> TableRows(string markdown) =>
        markdown.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith('|') && !line.StartsWith("| ---", StringComparison.Ordinal))
            .Select(line => line.Trim('|').Split('|').Select(cell => cell.Trim()).ToArray());

    private static string? CodeSpan(string cell) =>
        cell.Length > 2 && cell[0] == '`' && cell[^1] == '`' && cell.Count(c => c == '`') == 2 ? cell[1..^1] : null;

    /// <summary>Every value in the object as (dotted path, text as written in the doc).</summary>
    private static IEnumerable<(string Path, string Value)> Leaves(JsonObject node, string prefix = "")
    {
        foreach (var (key, child) in node)
        {
            var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (child is JsonObject inner)
            {
                foreach (var leaf in Leaves(inner, path))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return (path, child!.GetValueKind() == JsonValueKind.String ? child.GetValue<string>() : child.ToJsonString());
            }
        }
    }

    /// <summary>Every property name in the object and the objects inside it.</summary>
    private static IEnumerable<string> Keys(JsonObject node) =>
        node.SelectMany(p => p.Value is JsonObject inner ? Keys(inner).Prepend(p.Key) : [p.Key]);

    private static JsonObject BuiltHostJson() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(FunctionsOutput(), "host.json")))!.AsObject();

    private static string HostingDoc() => File.ReadAllText(RepositoryFile(Path.Combine("docs", "hosting.md"))).ReplaceLineEndings("\n");

    private static string FunctionsOutput() => FunctionsBuildOutput.Folder("host.json");

    /// <summary>A file of the repository: above the test output when it lies inside the repository, else beside this source file.</summary>
    private static string RepositoryFile(string relative, [CallerFilePath] string sourceFile = "")
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }

        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", relative));
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex TaskHubName();

    [GeneratedRegex(@"\*\*(\d+) cores per instance\*\*")]
    private static partial Regex CoresInDocs();

    [GeneratedRegex(@"`Builds:StepTimeout`, default `(\d\d:\d\d:\d\d)`")]
    private static partial Regex StepDeadlineInDocs();

    [GeneratedRegex(@"^(\d+) min$")]
    private static partial Regex Minutes();
}
