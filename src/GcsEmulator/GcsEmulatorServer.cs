using System.Net;
using System.Text.Json.Nodes;
using EpisodeBuilder.GcsEmulator.Access;
using EpisodeBuilder.GcsEmulator.Faults;
using EpisodeBuilder.GcsEmulator.Identity;
using EpisodeBuilder.GcsEmulator.Persistence;
using EpisodeBuilder.GcsEmulator.Protocol;
using EpisodeBuilder.GcsEmulator.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.GcsEmulator;

/// <summary>
/// A running emulator: what Azurite is for Azure Storage, for GCS. Tests start one in-process on a free
/// loopback port; the local host starts one with a data directory; <c>dotnet run</c> starts one on its own.
/// </summary>
public sealed class GcsEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ObjectRepository _repository;
    private readonly AzureOidcIssuer _azureIssuer;
    private readonly AzureIdentityHandler _azureIdentity;
    private readonly EntraSignInHandler _signIn;

    private GcsEmulatorServer(WebApplication app, ObjectRepository repository, FaultInjector faults, SignedUrlVerifier verifier, DownloadMeter downloads, AccessTokens tokens, AzureOidcIssuer azureIssuer, AzureIdentityHandler azureIdentity, EntraSignInHandler signIn, Uri baseUri, Uri? httpsBaseUri)
    {
        _signIn = signIn;
        HttpsBaseUri = httpsBaseUri;
        _azureIdentity = azureIdentity;
        _app = app;
        _repository = repository;
        _azureIssuer = azureIssuer;
        Faults = faults;
        Verifier = verifier;
        Downloads = downloads;
        Tokens = tokens;
        BaseUri = baseUri;
    }

    /// <summary>The root URL, e.g. <c>http://127.0.0.1:41234/</c>: use it as <c>STORAGE_EMULATOR_HOST</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The same endpoints over HTTPS, e.g. <c>https://127.0.0.1:41235/</c>, when the options give a certificate.</summary>
    public Uri? HttpsBaseUri { get; }

    /// <summary>Fault injection for tests of retry paths.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Bytes sent of each object, for tests that prove a read was ranged.</summary>
    public DownloadMeter Downloads { get; }

    /// <summary>Bearer tokens the identity endpoints issued: was a request authenticated by one, and as whom.</summary>
    public AccessTokens Tokens { get; }

    /// <summary>The stand-in Azure issuer (<c>iss</c> of its tokens; discovery at <c>{this}/.well-known/openid-configuration</c>).</summary>
    public string AzureIssuerUrl => _azureIssuer.IssuerUrl;

    internal SignedUrlVerifier Verifier { get; }

    /// <summary>The file that holds an object's current bytes, so tests can simulate corruption at rest.</summary>
    public string? ContentFileOf(string bucket, string name) =>
        _repository.Find(bucket, name) is { } record ? _repository.ContentPath(record) : null;

    public static async Task<GcsEmulatorServer> StartAsync(GcsEmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.Listen(IPAddress.Parse(options.Host), options.Port);
            if (options.HttpsCertificate is { } certificate)
            {
                k.Listen(IPAddress.Parse(options.Host), options.HttpsPort, listen => listen.UseHttps(certificate));
            }
        });
        var repository = new ObjectRepository(options.DataDirectory);
        var faults = new FaultInjector();
        var downloads = new DownloadMeter();
        var time = TimeProvider.System;
        var keys = new ServiceAccountKeys();
        var verifier = new SignedUrlVerifier(time, keys);
        foreach (var file in options.ServiceAccountKeyFiles)
        {
            keys.Trust(await File.ReadAllTextAsync(file, cancellationToken));
        }

        if (string.IsNullOrEmpty(options.ManagedIdentitySecret))
        {
            throw new ArgumentException($"{nameof(GcsEmulatorOptions)}.{nameof(GcsEmulatorOptions.ManagedIdentitySecret)} must not be empty.", nameof(options));
        }

        Uri? baseUri = null;
        Uri? httpsBaseUri = null;
        var tokens = new AccessTokens(time) { LongestLifetime = options.AccessTokenLifetime };
        var azureIssuer = new AzureOidcIssuer(() => httpsBaseUri ?? baseUri!, time);
        var azureIdentity = new AzureIdentityHandler(azureIssuer, options.ManagedIdentitySecret, options.ManagedIdentityObjectId, options.ManagedIdentityTokenLifetime, time);
        var signIn = new EntraSignInHandler(azureIssuer, options, time);
        var identity = new IdentityEndpoints(
            new OAuthTokenHandler(keys, tokens, time),
            new StsTokenHandler(WorkloadIdentityPool.From(options.WorkloadIdentityProvider, options.WorkloadIdentityAllowedAudiences), azureIssuer, tokens, time),
            new IamCredentialsHandler(keys, tokens, new ImpersonationPolicy(options.Impersonation)),
            new MetadataServerHandler(keys, tokens, options.MetadataServiceAccount, options.MetadataProjectId, time),
            azureIdentity,
            signIn);
        var uploads = new UploadHandler(repository);
        var gate = new AccessGate(tokens, repository.Buckets, options.RequireAuthentication);
        builder.Services.AddSingleton(sp => new EmulatorEndpoint(
            new JsonApiHandler(repository, downloads, new BucketIamHandler(repository.Buckets, gate)),
            uploads,
            new XmlApiHandler(repository, uploads, verifier, downloads),
            identity,
            gate,
            faults,
            () => baseUri!,
            sp.GetRequiredService<ILogger<EmulatorEndpoint>>()));
        var app = builder.Build();
        var endpoint = app.Services.GetRequiredService<EmulatorEndpoint>();
        app.Run(endpoint.HandleAsync);
        await app.StartAsync(cancellationToken);

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(address => new Uri(address.Replace("[::]", options.Host, StringComparison.Ordinal).TrimEnd('/') + "/"))
            .ToList();
        baseUri = addresses.First(address => address.Scheme == Uri.UriSchemeHttp);
        httpsBaseUri = addresses.FirstOrDefault(address => address.Scheme == Uri.UriSchemeHttps);
        return new GcsEmulatorServer(app, repository, faults, verifier, downloads, tokens, azureIssuer, azureIdentity, signIn, baseUri, httpsBaseUri);
    }

    /// <summary>
    /// Trusts this service account key (JSON): accepts V4 signed URLs made with it, exchanges its JWT assertions at
    /// <c>/token</c>, and lets IAM Credentials sign and mint tokens as it.
    /// </summary>
    public void TrustServiceAccount(string serviceAccountKeyJson) => Verifier.Trust(serviceAccountKeyJson);

    /// <summary>
    /// Rotates the managed identity endpoint's secret (what App Service sets in <c>IDENTITY_HEADER</c>): requests with the
    /// old <c>X-IDENTITY-HEADER</c> are refused from now on.
    /// </summary>
    public void RotateManagedIdentitySecret(string secret) => _azureIdentity.Rotate(secret);

    /// <summary>How many authorization codes the stand-in sign-in has redeemed for tokens (one per completed sign-in).</summary>
    public int SignInCodesRedeemed => _signIn.CodesRedeemed;

    /// <summary>Makes the stand-in sign-in forget every refresh token it issued (a revoked session).</summary>
    public void RevokeSignInRefreshTokens() => _signIn.RevokeRefreshTokens();

    /// <summary>How many tokens the managed identity endpoint has given out (to a caller presenting the current secret).</summary>
    public int ManagedIdentityTokensIssued => _azureIdentity.Issued;

    /// <summary>
    /// Runs the lifecycle rules of every bucket, or of <paramref name="bucket"/> alone, as of <paramref name="now"/> (see
    /// <see cref="ObjectLifecycle"/>); returns what they deleted.
    /// </summary>
    public IReadOnlyList<string> ApplyLifecycle(DateTimeOffset now, string? bucket = null) => ObjectLifecycle.Apply(_repository, now, bucket);

    /// <summary>
    /// A JWT from the stand-in Azure issuer, as <c>POST /_azure/oidc/mint</c> makes: a negative lifetime gives an expired
    /// one; extra claims are written last and may replace standard ones.
    /// </summary>
    public string MintAzureToken(string subject, string audience, TimeSpan lifetime, JsonObject? extraClaims = null) =>
        _azureIssuer.Mint(subject, audience, lifetime, extraClaims);

    /// <summary>Blocks until the host shuts down (Ctrl+C when run on its own).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _repository.Dispose();
        _azureIssuer.Dispose();
    }
}
