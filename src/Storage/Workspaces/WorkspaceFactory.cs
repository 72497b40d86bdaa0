using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Storage.Workspaces;

/// <summary>
/// Makes per-invocation workspaces under the configured root and sweeps the ones a killed process left behind.
/// A workspace's directory name carries the owning process id, so a sweep can tell abandoned from busy.
/// </summary>
public sealed class WorkspaceFactory(IOptions<WorkspaceOptions> options, TimeProvider time, ILogger<WorkspaceFactory> logger)
{
    private readonly WorkspaceOptions _options = options.Value;

    public string Root => _options.Root;

    /// <summary>Creates an empty workspace for one invocation of <paramref name="activity"/>.</summary>
    public Workspace Create(string activity)
    {
        var safe = new string(activity.Where(char.IsAsciiLetterOrDigit).Take(40).ToArray());
        var name = string.Create(CultureInfo.InvariantCulture, $"{safe}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var directory = Path.Combine(_options.Root, name);
        Directory.CreateDirectory(directory);
        return new Workspace(directory);
    }

    /// <summary>Deletes workspaces whose process is gone or that are older than the maximum age.</summary>
    public int SweepStale()
    {
        if (!Directory.Exists(_options.Root))
        {
            return 0;
        }

        var swept = 0;
        foreach (var directory in Directory.EnumerateDirectories(_options.Root))
        {
            var info = new DirectoryInfo(directory);
            var tooOld = time.GetUtcNow() - info.CreationTimeUtc > _options.MaxAge;
            if (!tooOld && OwnerIsAlive(info.Name))
            {
                continue;
            }

            try
            {
                Directory.Delete(directory, recursive: true);
                swept++;
            }
            catch (IOException e)
            {
                logger.LogWarning(e, "Could not sweep stale workspace {Workspace}", directory);
            }
        }

        if (swept > 0)
        {
            logger.LogInformation("Swept {Count} stale workspaces from {Root}", swept, _options.Root);
        }

        return swept;
    }

    private static bool OwnerIsAlive(string name)
    {
        var parts = name.Split('-');
        if (parts.Length < 3 || !int.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        if (pid == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
