namespace EpisodeBuilder.GcsEmulator.Persistence;

/// <summary>
/// Replaces a metadata file so that readers, and a process that restarts after a crash, see either the old content
/// or the new one: the text is written to the staging folder first and then renamed over the file.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, string content, string stagingDirectory)
    {
        var temp = Path.Combine(stagingDirectory, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
    }
}
