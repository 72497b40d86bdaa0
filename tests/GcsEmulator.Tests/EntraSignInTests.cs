using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Google.Apis.Auth;

namespace EpisodeBuilder.GcsEmulator.Tests;

/// <summary>
/// The stand-in Entra ID sign-in over HTTPS: the authorization code flow with PKCE as MSAL.js drives it (authorize,
/// redirect with a code, redemption from the page's origin), refused as Entra refuses it (a wrong verifier, a code used
/// twice, a redemption outside a browser, an unregistered redirect URI, no PKCE), and tokens a standard validator
/// accepts against the published keys.
/// </summary>
public sealed class EntraSignInTests : IAsyncLifetime, IDisposable
{
    private const string ClientId = "0e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8";
    private const string RedirectUri = "http://127.0.0.1:5173/";
    private const string PageOrigin = "http://127.0.0.1:5173";
    private const string ApiScope = "api://episode-builder/Episodes.Build";
    private const string ApiClientId = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    private static readonly SignInUser User = new("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "Ada Lovelace", "ada@example.test");
    private X509Certificate2 _certificate = null!;
    private GcsEmulatorServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _certificate = LoopbackCertificate.Create();
        var options = new GcsEmulatorOptions { Port = 0, HttpsCertificate = _certificate, SignInUser = User };
        options.SignInClients[ClientId] = [RedirectUri];
        options.SignInApis["api://episode-builder"] = ApiClientId;
        _server = await GcsEmulatorServer.StartAsync(options);
        var thumbprint = _certificate.Thumbprint;
#pragma warning disable CA5359, CA2000 // Trusts exactly this test's own certificate; the client owns its handler.
        _http = new HttpClient(new HttpClientHandler
        {
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == thumbprint,
        })
        { BaseAddress = _server.HttpsBaseUri };
#pragma warning restore CA5359, CA2000
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        _certificate.Dispose();
    }

    [Fact]
    public async Task A_code_redeemed_with_its_verifier_gives_tokens_for_the_api_and_the_page()
    {
        var discovery = await _http.GetFromJsonAsync<JsonObject>("_azure/oidc/v2.0/.well-known/openid-configuration");
        var issuer = discovery!["issuer"]!.GetValue<string>();
        Assert.StartsWith("https://", issuer, StringComparison.Ordinal);
        Assert.Equal(_server.AzureIssuerUrl, issuer);

        var (verifier, challenge) = Pkce();
        var redirect = await AuthorizeAsync(challenge, nonce: "n-123", state: "s-456");
        var returned = Query(redirect);
        Assert.Equal("s-456", returned["state"]);

        using var outsideBrowser = await RedeemAsync(returned["code"], verifier, origin: null);
        Assert.Equal(HttpStatusCode.BadRequest, outsideBrowser.StatusCode);
        Assert.Contains("AADSTS9002327", await outsideBrowser.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var redeemed = await RedeemAsync(returned["code"], verifier);
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        Assert.Equal(PageOrigin, redeemed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var tokens = (await redeemed.Content.ReadFromJsonAsync<JsonObject>())!;

        var access = await VerifyAsync(tokens["access_token"]!.GetValue<string>(), discovery, ApiClientId);
        Assert.Equal(User.ObjectId, access["oid"]!.GetValue<string>());
        Assert.Equal("Episodes.Build", access["scp"]!.GetValue<string>());
        var id = await VerifyAsync(tokens["id_token"]!.GetValue<string>(), discovery, ClientId);
        Assert.Equal("n-123", id["nonce"]!.GetValue<string>());
        Assert.Equal(User.UserName, id["preferred_username"]!.GetValue<string>());
        var clientInfo = JsonNode.Parse(Base64Url.DecodeFromChars(tokens["client_info"]!.GetValue<string>()))!;
        Assert.Equal(User.ObjectId, clientInfo["uid"]!.GetValue<string>());
        Assert.Contains(ApiScope, tokens["scope"]!.GetValue<string>(), StringComparison.Ordinal);

        // A refresh token is good once: its redemption gives new tokens and a new refresh token.
        var refresh = tokens["refresh_token"]!.GetValue<string>();
        using var refreshed = await PostFormAsync(new() { ["grant_type"] = "refresh_token", ["client_id"] = ClientId, ["refresh_token"] = refresh, ["scope"] = ApiScope });
        using var reused = await PostFormAsync(new() { ["grant_type"] = "refresh_token", ["client_id"] = ClientId, ["refresh_token"] = refresh, ["scope"] = ApiScope });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        var renewedTokens = (await refreshed.Content.ReadFromJsonAsync<JsonObject>())!;
        var renewed = await VerifyAsync(renewedTokens["access_token"]!.GetValue<string>(), discovery, ApiClientId);
        Assert.Equal(User.ObjectId, renewed["oid"]!.GetValue<string>());
        Assert.NotEqual(refresh, renewedTokens["refresh_token"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_verifier_is_refused_and_a_code_is_good_once()
    {
        var (verifier, challenge) = Pkce();
        var first = Query(await AuthorizeAsync(challenge))["code"];
        using var wrong = await RedeemAsync(first, Pkce().Verifier);
        using var afterWrong = await RedeemAsync(first, verifier);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("code_verifier", (await wrong.Content.ReadFromJsonAsync<JsonObject>())!["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, afterWrong.StatusCode);

        var second = Query(await AuthorizeAsync(challenge))["code"];
        using var redeemed = await RedeemAsync(second, verifier);
        using var again = await RedeemAsync(second, verifier);
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        Assert.Equal("invalid_grant", (await again.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unregistered_redirect_uri_gets_no_redirect_and_no_pkce_or_an_unknown_api_gets_an_error_back()
    {
        using var elsewhere = await _http.GetAsync($"_azure/oidc/authorize?client_id={ClientId}&response_type=code&redirect_uri={Uri.EscapeDataString("https://attacker.example/")}&code_challenge=x&code_challenge_method=S256&scope=openid");
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Null(elsewhere.Headers.Location);
        Assert.Contains("AADSTS50011", await elsewhere.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var plain = await _http.GetAsync($"_azure/oidc/authorize?client_id={ClientId}&response_type=code&redirect_uri={Uri.EscapeDataString(RedirectUri)}&scope=openid&state=s");
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        var returned = Query(plain.Headers.Location!);
        Assert.Equal("invalid_request", returned["error"]);
        Assert.False(returned.ContainsKey("code"));

        var (_, challenge) = Pkce();
        using var unknownApi = await _http.GetAsync($"_azure/oidc/authorize?client_id={ClientId}&response_type=code&redirect_uri={Uri.EscapeDataString(RedirectUri)}&scope={Uri.EscapeDataString("api://someone-else/Read openid")}&code_challenge={challenge}&code_challenge_method=S256");
        Assert.Equal("invalid_scope", Query(unknownApi.Headers.Location!)["error"]);
    }

    private async Task<Uri> AuthorizeAsync(string challenge, string nonce = "n", string state = "s")
    {
        var scope = Uri.EscapeDataString($"{ApiScope} openid profile offline_access");
        using var response = await _http.GetAsync($"_azure/oidc/authorize?client_id={ClientId}&response_type=code&response_mode=fragment&redirect_uri={Uri.EscapeDataString(RedirectUri)}&scope={scope}&code_challenge={challenge}&code_challenge_method=S256&nonce={nonce}&state={state}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(RedirectUri + "#", location.ToString(), StringComparison.Ordinal);
        return location;
    }

    private Task<HttpResponseMessage> RedeemAsync(string code, string verifier, string? origin = PageOrigin) => PostFormAsync(
        new() { ["grant_type"] = "authorization_code", ["client_id"] = ClientId, ["code"] = code, ["redirect_uri"] = RedirectUri, ["code_verifier"] = verifier },
        origin);

    private Task<HttpResponseMessage> PostFormAsync(Dictionary<string, string> form, string? origin = PageOrigin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "_azure/oidc/token") { Content = new FormUrlEncodedContent(form) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return _http.SendAsync(request);
    }

    /// <summary>Checks a token's signature, issuer and audience with Google.Apis.Auth (the same keys over plain HTTP: its client trusts only real CAs).</summary>
    private async Task<JsonObject> VerifyAsync(string token, JsonObject discovery, string audience)
    {
        await JsonWebSignature.VerifySignedTokenAsync(token, new SignedTokenVerificationOptions
        {
            CertificatesUrl = new Uri(_server.BaseUri, "_azure/oidc/keys").ToString(),
            TrustedIssuers = { discovery["issuer"]!.GetValue<string>() },
            TrustedAudiences = { audience },
        });
        return JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]))!.AsObject();
    }

    private static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    private static Dictionary<string, string> Query(Uri location)
    {
        var part = location.Fragment.Length > 1 ? location.Fragment[1..] : location.Query.TrimStart('?');
        return part.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => Uri.UnescapeDataString(pair[0]), pair => Uri.UnescapeDataString(pair[1]));
    }
}
