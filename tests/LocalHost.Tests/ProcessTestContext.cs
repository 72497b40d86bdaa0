namespace EpisodeBuilder.LocalHost.Tests;

/// <summary>A test's own data and workspace folders, and the settings its local host processes share.</summary>
public sealed class ProcessTestContext : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("localhost-tests-").FullName;

    public string Data => Path.Combine(Root, "data");

    public string Workspaces => Path.Combine(Root, "workspaces");

    public string Inputs => Directory.CreateDirectory(Path.Combine(Root, "inputs")).FullName;

    /// <summary>
    /// Short engine timings so a killed worker's step, or a build start it had dequeued, is taken up again within seconds
    /// (production keeps the defaults).
    /// </summary>
    public Dictionary<string, string> Environment => new()
    {
        ["Workspace__Root"] = Workspaces,
        ["DurableEngine__WorkItemVisibilityTimeout"] = "00:00:15",
        ["DurableEngine__ControlQueueVisibilityTimeout"] = "00:00:15",
        ["DurableEngine__LockRenewInterval"] = "00:00:04",
        ["Builds__CancelPollInterval"] = "00:00:00.500",
    };

    /// <summary>The local host built beside the tests.</summary>
    public static string AppDll
    {
        get
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "EpisodeBuilder.LocalHost.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("The local host was not built beside the tests.", dll);
        }
    }

    public int WorkspacesLeft => Directory.Exists(Workspaces) ? Directory.GetDirectories(Workspaces).Length : 0;

    public static object Request(string recording, string? transcript, string podcast) => new
    {
        recording,
        transcript,
        cleanup = new { flubber = true, fillers = true, maxSilenceSeconds = 1.5 },
        loudnessLufs = -16,
        publish = new
        {
            podcast,
            title = "Durable for real",
            description = "Built by a process test.",
            show = new { title = "Process Tests", description = "Builds of the process tests.", author = "Episode Builder", ownerName = "Episode Builder", ownerEmail = "tests@example.com", imageUrl = "https://cdn.example.test/tests/cover.png", category = "Technology" },
        },
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "Local host processes";
}
