using System.ComponentModel.DataAnnotations;

namespace EpisodeBuilder.Storage.Workspaces;

/// <summary>Where per-invocation workspaces are made (section <c>Workspace</c>).</summary>
public sealed class WorkspaceOptions
{
    public const string SectionName = "Workspace";

    /// <summary>
    /// Root folder of all workspaces; the only place the product writes temporary files. FFmpeg is handed paths under it
    /// on one quoted command line, so the root may hold spaces but not a double quote.
    /// </summary>
    [Required(ErrorMessage = "Workspace:Root is required.")]
    [RegularExpression("^[^\"]*$", ErrorMessage = "Workspace:Root must not contain a double quote (\"): FFmpeg's paths are quoted with it.")]
    public string Root { get; set; } = Path.Combine(Path.GetTempPath(), "episode-builder", "workspaces");

    /// <summary>A workspace older than this is stale even if its process id is alive again (pid reuse).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "Workspace:MaxAge must be between 1 minute and 7 days.")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(6);
}
