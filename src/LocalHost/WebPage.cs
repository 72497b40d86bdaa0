using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.LocalHost;

/// <summary>
/// Serves the builds page (<c>web/</c>, copied next to the app) at <c>/</c>, its sign-in settings at <c>/auth.json</c>
/// (<see cref="PageSignInOptions"/>; <c>{}</c> when unset), and the npm libraries it loads, installed by
/// <c>script/bootstrap</c> under <c>.tools/web</c> and not committed: wavesurfer.js at <c>/vendor/wavesurfer/</c>
/// and MSAL.js at <c>/vendor/msal/</c>.
/// </summary>
public static class WebPage
{
    public const string VendorPath = "/vendor/wavesurfer";

    public const string MsalPath = "/vendor/msal";

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
        Vendor(app, "WAVESURFER_DIST", ["wavesurfer.js", "dist"], "wavesurfer.esm.js", VendorPath, "the page cannot draw waveforms");
        var signIn = app.Services.GetRequiredService<IOptions<PageSignInOptions>>().Value;
        if (signIn.Enabled)
        {
            Vendor(app, "MSAL_BROWSER_DIST", ["@azure", "msal-browser", "lib"], "msal-browser.min.js", MsalPath, "the page cannot sign in");
        }

        // Always answered, so the page's question never shows as a failed request; {} when the page signs in nobody.
        app.MapGet("/auth.json", () => signIn.Enabled
            ? Results.Json(new { clientId = signIn.ClientId, authority = signIn.Authority, scopes = signIn.Scopes, knownAuthorities = signIn.KnownAuthorities })
            : Results.Json(new { }));
    }

    /// <summary>Serves an npm package's folder at <paramref name="requestPath"/>, or warns what the page loses without it.</summary>
    private static void Vendor(WebApplication app, string variable, string[] folder, string marker, string requestPath, string without)
    {
        if (FindPackage(variable, folder, marker) is { } dist)
        {
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(dist), RequestPath = requestPath });
        }
        else
        {
            app.Logger.LogWarning("{Package} is not installed (run script/bootstrap); {Without}.", string.Join('/', folder[..^1]), without);
        }
    }

    /// <summary>The folder holding <paramref name="marker"/>: the environment variable's, else <c>.tools/web/node_modules/{folder}</c> above the app.</summary>
    private static string? FindPackage(string variable, string[] folder, string marker)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } configured)
        {
            return Directory.Exists(configured) ? configured : null;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine([directory.FullName, ".tools", "web", "node_modules", .. folder]);
            if (File.Exists(Path.Combine(candidate, marker)))
            {
                return candidate;
            }
        }

        return null;
    }
}
