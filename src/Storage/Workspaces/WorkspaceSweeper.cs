using Microsoft.Extensions.Hosting;

namespace EpisodeBuilder.Storage.Workspaces;

/// <summary>Sweeps stale workspaces once when the host starts.</summary>
public sealed class WorkspaceSweeper(WorkspaceFactory workspaces) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        workspaces.SweepStale();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
