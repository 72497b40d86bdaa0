using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Storage;

/// <summary>
/// Resolves <see cref="StorageCredentials"/> as the host starts, so an app that cannot authenticate to Google or sign
/// URLs stops at start-up with the setting to change, instead of failing its first upload request.
/// </summary>
internal sealed class StorageCredentialsCheck(IServiceProvider services, ILogger<StorageCredentialsCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var credentials = (StorageCredentials)services.GetService(typeof(StorageCredentials))!;
        logger.LogInformation("Storage identity: {Description}", credentials.Description);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
