using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using EpisodeBuilder.GcsEmulator;
using EpisodeBuilder.LocalHostDriver;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace EpisodeBuilder.LocalHost.Tests;

/// <summary>
/// The builds page signing in by itself, as it does when served apart from the Functions app: MSAL.js in Debian's
/// chromium runs the authorization code flow with PKCE against the emulator's Entra ID stand-in over HTTPS, and the
/// API, configured as in production (an https authority, <c>RequireHttpsMetadata</c>, a required scope, no user id
/// header), accepts the page's bearer token and nothing else.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class BrowserSignInTests(ITestOutputHelper output) : IDisposable
{
    private const string ClientId = "5d0c7a51-3b8e-4f2a-9c61-7e4b2d9f0a13";
    private const string AppIdUri = "api://episode-builder";
    private const string ApiClientId = "8e7d6c5b-4a39-4281-9f0e-d1c2b3a49586";
    private const string Scope = "Episodes.Build";
    private const string Episode = "signed-in-ep";
    private static readonly SignInUser Podcaster = new("b3c4d5e6-f7a8-4b9c-8d0e-1f2a3b4c5d6e", "Grace Hopper", "grace@example.test");
    private readonly ProcessTestContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public async Task The_page_signs_in_with_msal_and_the_api_accepts_its_token_and_nothing_else()
    {
        using var certificate = LoopbackCertificate.Create();
        var trusted = Path.Combine(_context.Root, "emulator-ca.pem");
        LoopbackCertificate.WritePem(certificate, trusted);
        GcsEmulatorOptions? gcsOptions = null;
        await using var backends = await SharedBackends.StartAsync(_context.Data, options =>
        {
            options.HttpsCertificate = certificate;
            options.SignInUser = Podcaster;
            options.SignInApis[AppIdUri] = ApiClientId;
            gcsOptions = options;
        });
        var authority = backends.Gcs.AzureIssuerUrl;
        Assert.StartsWith("https://", authority, StringComparison.Ordinal);
        var environment = _context.Environment;
        foreach (var (name, value) in new Dictionary<string, string>
        {
            ["Auth__AllowUserIdHeader"] = "false",
            ["Auth__Jwt__Authority"] = authority,
            ["Auth__Jwt__Audience"] = ApiClientId, // v2.0 access tokens name the API by its client id
            ["Auth__Jwt__Scope"] = Scope,
            ["Auth__Jwt__RequireHttpsMetadata"] = "true",
            ["SSL_CERT_FILE"] = trusted, // the API's metadata requests trust the emulator's certificate, as a real CA's
            ["Page__SignIn__ClientId"] = ClientId,
            ["Page__SignIn__Authority"] = authority,
            ["Page__SignIn__Scopes__0"] = $"{AppIdUri}/{Scope}",
            ["Page__SignIn__KnownAuthorities__0"] = backends.Gcs.HttpsBaseUri!.Authority,
        })
        {
            environment[name] = value;
        }

        await using var host = await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, backends.Arguments("--role", "all", "--port", "0"), environment);
        var page = host.ApiUrl!;
        // The page's redirect URIs (itself, and the bridge a silent renewal answers to), registered once its port is known.
        gcsOptions!.SignInClients[ClientId] = [page.ToString(), new Uri(page, "auth-redirect.html").ToString()];

        // Without the page's token the API knows nobody: neither an anonymous request nor one naming a user.
        using var api = new HttpClient { BaseAddress = page };
        using var anonymous = await api.GetAsync($"api/episodes/{Episode}/builds");
        using var named = new HttpRequestMessage(HttpMethod.Get, $"api/episodes/{Episode}/builds") { Headers = { { "X-User-Id", Podcaster.ObjectId } } };
        using var namedResponse = await api.SendAsync(named);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, namedResponse.StatusCode);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium.ExecutablePath(), Headless = true, Args = ["--no-sandbox"] });
        // The stand-in's certificate is self-signed; a real directory's is not.
        var context = await browser.NewContextAsync(new() { IgnoreHTTPSErrors = true });
        var tab = await context.NewPageAsync();
        var problems = new List<string>();
        var apiCalls = new List<(string Method, string Url, bool Bearer)>();
        tab.PageError += (_, error) => problems.Add("page error: " + error);
        tab.FrameNavigated += (_, frame) => output.WriteLine("navigated: " + frame.Url);
        tab.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add("console: " + message.Text);
            }
        };
        const string Elsewhere = "http://127.0.0.1:9/api";
        var sentElsewhere = new List<string>();
        tab.Request += (_, request) =>
        {
            if (request.Url.StartsWith(Elsewhere, StringComparison.Ordinal))
            {
                sentElsewhere.Add(request.Url);
            }

            if (request.Url.StartsWith(new Uri(page, "api/").ToString(), StringComparison.Ordinal))
            {
                apiCalls.Add((request.Method, request.Url, request.Headers.TryGetValue("authorization", out var value) && value.StartsWith("Bearer ", StringComparison.Ordinal)));
            }
        };

        // Opening the page sends the visitor to the directory and back, signed in, to the page they opened. The link names
        // another API: a signed-in page sends nothing there, its token least of all.
        await tab.GotoAsync(new Uri(page, $"?episode={Episode}&api={Uri.EscapeDataString(Elsewhere)}").ToString());
        try
        {
            await tab.WaitForSelectorAsync("#account:not([hidden])", new() { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            output.WriteLine($"page at {tab.Url}; message: {await tab.TextContentAsync("#build-message")}");
            output.WriteLine(string.Join(Environment.NewLine, problems));
            output.WriteLine(host.Tail(40));
            throw;
        }
        Assert.Equal(Podcaster.Name, await tab.TextContentAsync("#account-name"));
        Assert.StartsWith($"?episode={Episode}&api=", new Uri(tab.Url).Query, StringComparison.Ordinal);
        Assert.Equal(1, backends.Gcs.SignInCodesRedeemed);

        // Uploading and starting a build from the page act as the signed-in podcaster.
        var recording = await ToneAsync(Path.Combine(_context.Inputs, "signed-in.wav"));
        var uploaded = tab.WaitForResponseAsync(r => r.Url.EndsWith("/api/uploads", StringComparison.Ordinal));
        await tab.SetInputFilesAsync("#recording", recording);
        await tab.UncheckAsync("#review");
        await tab.ClickAsync("#start");
        var key = (await (await uploaded).JsonAsync())!.Value.GetProperty("key").GetString()!;
        Assert.StartsWith(Podcaster.ObjectId + "/", key, StringComparison.Ordinal);
        await tab.WaitForSelectorAsync("#build-list li", new() { Timeout = 30_000 });
        var buildId = await tab.GetAttributeAsync("#build-list li", "data-build-id");

        // The token the page holds is the API's: the same request with it succeeds where the anonymous one did not.
        var token = await tab.EvaluateAsync<string>("() => window.episodeBuilderAuth.token()");
        using var cancel = new HttpRequestMessage(HttpMethod.Post, $"api/builds/{buildId}/cancel");
        cancel.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var canceled = await api.SendAsync(cancel);
        Assert.True(canceled.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"cancel answered {(int)canceled.StatusCode}");
        var claims = JsonNode.Parse(Convert.FromBase64String(PadBase64(token.Split('.')[1])))!;
        Assert.Equal(ApiClientId, claims["aud"]!.GetValue<string>());
        Assert.Equal(authority, claims["iss"]!.GetValue<string>());

        Assert.NotEmpty(apiCalls);
        Assert.All(apiCalls, call => Assert.True(call.Bearer, $"{call.Method} {call.Url} went without the bearer token"));
        Assert.Contains(apiCalls, call => call.Method == "POST" && call.Url.EndsWith($"/api/episodes/{Episode}/builds", StringComparison.Ordinal));

        // Once the directory has forgotten the refresh token, a renewal still succeeds silently: in a hidden frame answered
        // by the redirect bridge (a second sign-in, no navigation of the page).
        backends.Gcs.RevokeSignInRefreshTokens();
        var refused = tab.WaitForResponseAsync(r => r.Url.StartsWith(authority + "/token", StringComparison.Ordinal) && r.Status == 400);
        var renewed = await tab.EvaluateAsync<string>("() => window.episodeBuilderAuth.token({ forceRefresh: true })");
        await refused;
        // The browser reports the refused refresh token as a failed load; that refusal is what this step is about.
        problems.RemoveAll(p => p.StartsWith("console: Failed to load resource: the server responded with a status of 400", StringComparison.Ordinal));
        Assert.NotEqual(token, renewed);
        Assert.Equal(2, backends.Gcs.SignInCodesRedeemed);
        Assert.StartsWith(new Uri(page, "?episode=").ToString(), tab.Url, StringComparison.Ordinal);

        // Signing out goes through the directory's sign-out and back to the page, which signs the visitor in again at once
        // (the stand-in has no login form).
        var signedOut = tab.WaitForRequestAsync(r => r.Url.StartsWith(authority + "/logout", StringComparison.Ordinal));
        await tab.ClickAsync("#sign-out");
        await signedOut;
        await tab.WaitForFunctionAsync("() => !document.querySelector('#account').hidden", null, new() { Timeout = 30_000 });
        Assert.Equal(3, backends.Gcs.SignInCodesRedeemed);
        Assert.Empty(sentElsewhere);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        output.WriteLine($"signed in as {Podcaster.ObjectId}; {apiCalls.Count} API calls, all with a bearer token; build {buildId}");
    }

    private static string PadBase64(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
    }

    /// <summary>A 6-second tone as WAV, made by FFmpeg (the build is canceled before its audio matters).</summary>
    private static async Task<string> ToneAsync(string path)
    {
        await FFMpegCore.FFMpegArguments
            .FromFileInput("sine=frequency=440:duration=6", verifyExists: false, options => options.ForceFormat("lavfi"))
            .OutputToFile(path, overwrite: true)
            .ProcessAsynchronously();
        return path;
    }
}
