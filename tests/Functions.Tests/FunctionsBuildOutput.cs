namespace EpisodeBuilder.Functions.Tests;

/// <summary>The build output of src/Functions: what the Functions host would load.</summary>
internal static class FunctionsBuildOutput
{
    /// <summary>The output folder, recognised by <paramref name="marker"/> (a file the build writes there).</summary>
    public static string Folder(string marker = "functions.metadata")
    {
        var here = AppContext.BaseDirectory.TrimEnd('/');
        var candidates = new[]
        {
            // --artifacts-path layout: bin/Functions.Tests/debug -> bin/Functions/debug
            Path.GetFullPath(Path.Combine(here, "..", "..", "Functions", Path.GetFileName(here))),
            // default layout: tests/Functions.Tests/bin/Debug/net10.0 -> src/Functions/bin/Debug/net10.0
            Path.GetFullPath(Path.Combine(here, "..", "..", "..", "..", "..", "src", "Functions", "bin", Path.GetFileName(Path.GetDirectoryName(here)!), Path.GetFileName(here))),
        };
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, marker)))
            ?? throw new FileNotFoundException($"{marker} not found in " + string.Join(", ", candidates));
    }
}
