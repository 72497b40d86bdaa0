using Microsoft.Extensions.FileProviders;

namespace EpisodeBuilder.LocalHost;

/// <summary>
/// Serves the builds page (<c>web/</c>, copied next to the app) at <c>/</c>, and wavesurfer.js (npm, installed by
/// <c>script/bootstrap</c> under <c>.tools/web</c>, not committed) at <c>/vendor/wavesurfer/</c>, where the page's ES
/// modules import it from.
/// </summary>
public static class WebPage
{
    public const string VendorPath = "/vendor/wavesurfer";

    public static void Map(WebApplication app)
    {
        var web = Path.Combine(AppContext.BaseDirectory, "web");
        if (!File.Exists(Path.Combine(web, "index.html")))
        {
            app.Logger.LogWarning("The builds page is missing from {Path}; only the API is served.", web);
            return;
        }

        var pages = new PhysicalFileProvider(web);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = pages });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = pages });
        if (FindWaveSurfer() is { } dist)
        {
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(dist), RequestPath = VendorPath });
        }
        else
        {
            app.Logger.LogWarning("wavesurfer.js is not installed (run script/bootstrap); the page cannot draw waveforms.");
        }
    }

    /// <summary><c>WAVESURFER_DIST</c>, else <c>.tools/web/node_modules/wavesurfer.js/dist</c> in a folder above the app.</summary>
    public static string? FindWaveSurfer()
    {
        if (Environment.GetEnvironmentVariable("WAVESURFER_DIST") is { Length: > 0 } configured)
        {
            return Directory.Exists(configured) ? configured : null;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, ".tools", "web", "node_modules", "wavesurfer.js", "dist");
            if (File.Exists(Path.Combine(candidate, "wavesurfer.esm.js")))
            {
                return candidate;
            }
        }

        return null;
    }
}
