using System.Net;
using EpisodeBuilder.GcsEmulator.Faults;
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

    private GcsEmulatorServer(WebApplication app, ObjectRepository repository, FaultInjector faults, SignedUrlVerifier verifier, DownloadMeter downloads, Uri baseUri)
    {
        _app = app;
        _repository = repository;
        Faults = faults;
        Verifier = verifier;
        Downloads = downloads;
        BaseUri = baseUri;
    }

    /// <summary>The root URL, e.g. <c>http://127.0.0.1:41234/</c>: use it as <c>STORAGE_EMULATOR_HOST</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>Fault injection for tests of retry paths.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Bytes sent of each object, for tests that prove a read was ranged.</summary>
    public DownloadMeter Downloads { get; }

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
        });
        var repository = new ObjectRepository(options.DataDirectory);
        var faults = new FaultInjector();
        var downloads = new DownloadMeter();
        var verifier = new SignedUrlVerifier(TimeProvider.System);
        foreach (var file in options.ServiceAccountKeyFiles)
        {
            verifier.Trust(await File.ReadAllTextAsync(file, cancellationToken));
        }

        Uri? baseUri = null;
        var uploads = new UploadHandler(repository);
        builder.Services.AddSingleton(sp => new EmulatorEndpoint(
            new JsonApiHandler(repository, downloads),
            uploads,
            new XmlApiHandler(repository, uploads, verifier, downloads),
            faults,
            () => baseUri!,
            sp.GetRequiredService<ILogger<EmulatorEndpoint>>()));
        var app = builder.Build();
        var endpoint = app.Services.GetRequiredService<EmulatorEndpoint>();
        app.Run(endpoint.HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        baseUri = new Uri(address.Replace("[::]", options.Host, StringComparison.Ordinal).TrimEnd('/') + "/");
        return new GcsEmulatorServer(app, repository, faults, verifier, downloads, baseUri);
    }

    /// <summary>Accepts V4 signed URLs made with this service account key (JSON).</summary>
    public void TrustServiceAccount(string serviceAccountKeyJson) => Verifier.Trust(serviceAccountKeyJson);

    /// <summary>Blocks until the host shuts down (Ctrl+C when run on its own).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _repository.Dispose();
    }
}
