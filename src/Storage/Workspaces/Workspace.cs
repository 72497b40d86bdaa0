namespace EpisodeBuilder.Storage.Workspaces;

/// <summary>
/// A fresh directory for one activity invocation. Everything in it is deleted when the invocation ends, whether
/// it succeeded, failed or was canceled: results must already be uploaded to GCS by then.
/// </summary>
public sealed class Workspace : IAsyncDisposable, IDisposable
{
    internal Workspace(string directory) => Directory = directory;

    /// <summary>The workspace's directory.</summary>
    public string Directory { get; }

    /// <summary>A path for a file in the workspace; names may not leave it.</summary>
    public string PathFor(string fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName) || fileName.IndexOfAny(['/', '\\']) >= 0 || fileName is "." or ".." || fileName.Any(char.IsControl))
        {
            throw new ArgumentException($"'{fileName}' is not a plain file name.", nameof(fileName));
        }

        return Path.Combine(Directory, fileName);
    }

    public void Dispose()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (System.IO.Directory.Exists(Directory))
                {
                    System.IO.Directory.Delete(Directory, recursive: true);
                }

                return;
            }
            catch (IOException) when (attempt < 2)
            {
                Thread.Sleep(50);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
