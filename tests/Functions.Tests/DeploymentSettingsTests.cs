using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.Publishing;
using EpisodeBuilder.Api;
using EpisodeBuilder.Media;
using EpisodeBuilder.Media.Transcription;
using EpisodeBuilder.Orchestration;
using EpisodeBuilder.Storage;
using EpisodeBuilder.Storage.Workspaces;
using Microsoft.Extensions.Configuration;

namespace EpisodeBuilder.Functions.Tests;

/// <summary>
/// The deployment guide's "Deploying to Azure" section (<c>docs/deploying.md</c>), <c>local.settings.sample.json</c>
/// and the options classes agree: every setting the walkthrough names is in the sample, and every setting in the
/// sample is one the app's configuration binder reads (bound with unknown keys as errors), so neither document can
/// name a setting the code ignores.
/// </summary>
public sealed partial class DeploymentSettingsTests
{
    /// <summary>Settings the Functions host reads, not the app's options.</summary>
    private static readonly string[] HostSettings = ["AzureWebJobsStorage", "FUNCTIONS_WORKER_RUNTIME"];

    private static readonly Dictionary<string, Type> Sections = new()
    {
        [StorageOptions.SectionName] = typeof(StorageOptions),
        [PublishingOptions.SectionName] = typeof(PublishingOptions),
        [ApiOptions.SectionName] = typeof(ApiOptions),
        [BuildOptions.SectionName] = typeof(BuildOptions),
        [EpisodeBuilder.Activities.Queue.BuildQueueOptions.SectionName] = typeof(EpisodeBuilder.Activities.Queue.BuildQueueOptions),
        [WorkspaceOptions.SectionName] = typeof(WorkspaceOptions),
        [MediaOptions.SectionName] = typeof(MediaOptions),
        [TranscriptionOptions.SectionName] = typeof(TranscriptionOptions),
        [InputLimits.SectionName] = typeof(InputLimits),
    };

    [Fact]
    public void Every_setting_the_deployment_walkthrough_names_is_in_the_sample()
    {
        var sample = SampleKeys().Select(Unindexed).ToHashSet(StringComparer.Ordinal);
        var named = DeploymentSection().Select(Unindexed).Distinct().ToList();

        Assert.Contains("Storage:CredentialsFile", named);
        Assert.Contains("Auth:Jwt:Audience", named);
        Assert.DoesNotContain(named, n => !sample.Contains(n));
    }

    [Fact]
    public void Every_setting_in_the_sample_is_read_by_the_app()
    {
        var keys = SampleKeys();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(keys.Select(k => new KeyValuePair<string, string?>(k, Value(k)))).Build();

        foreach (var key in keys.Where(k => !k.Contains(':', StringComparison.Ordinal)))
        {
            Assert.True(HostSettings.Contains(key) || key == "STORAGE_EMULATOR_HOST", $"'{key}' in the sample is not a setting of the app or the host.");
        }

        foreach (var section in keys.Where(k => k.Contains(':', StringComparison.Ordinal)).Select(k => k.Split(':')[0]).Distinct())
        {
            Assert.True(Sections.TryGetValue(section, out var type), $"The sample has a section '{section}' no options class binds.");
            var options = Activator.CreateInstance(type)!;
            // Unknown keys are errors: a sample setting with no property behind it fails here.
            configuration.GetSection(section).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
    }

    private static List<string> SampleKeys()
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "local.settings.sample.json")))!;
        return sample["Values"]!.AsObject().Select(p => p.Key.Replace("__", ":", StringComparison.Ordinal)).ToList();
    }

    private static string? Value(string key)
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "local.settings.sample.json")))!;
        return sample["Values"]![key.Replace(":", "__", StringComparison.Ordinal)]!.GetValue<string>();
    }

    private static IEnumerable<string> DeploymentSection()
    {
        var guide = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "deploying.md"));
        var start = guide.IndexOf("## Deploying to Azure", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/deploying.md has no \"Deploying to Azure\" section.");
        var end = guide.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        var section = guide[start..(end < 0 ? guide.Length : end)];
        return SettingName().Matches(section).Select(m => m.Groups[1].Value.Replace("__", ":", StringComparison.Ordinal));
    }

    /// <summary><c>Storage:CorsOrigins:0</c> and <c>Storage:CorsOrigins:1</c> are one setting.</summary>
    private static string Unindexed(string key) => IndexSegment().Replace(key, string.Empty);

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "local.settings.sample.json")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("local.settings.sample.json not found above the test's folder.");
    }

    [GeneratedRegex(@"`([A-Za-z][A-Za-z0-9]*(?:__[A-Za-z0-9]+)+)(?:__)?`")]
    private static partial Regex SettingName();

    [GeneratedRegex(@"(:\d+)+$")]
    private static partial Regex IndexSegment();
}
