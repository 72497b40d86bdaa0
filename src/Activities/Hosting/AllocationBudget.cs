using EpisodeBuilder.Activities.Builds;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.Hosting;

/// <summary>
/// Bounds the garbage the process carries between collections. The GC sizes its young-generation budget from the
/// processor's last-level cache: on this 2-core VM (260 MiB of L3) it let about 79 MB of garbage pile up before
/// collecting. The runtime's own knob for it (<c>DOTNET_GCgen0size</c>; <c>GCgen0MaxBudget</c> does not lower it) is an
/// environment variable read before the process starts; this does the same from configuration
/// (<see cref="BuildOptions.AllocationBudgetBytes"/>): every 50 ms it compares the bytes allocated since the last young
/// collection with the budget and, past it, asks for one (a millisecond or two: almost nothing survives). It is a
/// backstop, not a pace: each forced collection left the step's memory 7-10 MB higher (the allocator moves on to fresh
/// regions while the collected ones stay committed), so a budget below what a step allocates costs more than the
/// garbage it clears. Since downloads and uploads stopped making a buffer per chunk, an hour's steps allocate under
/// 10 MiB each and the step-end collection (<see cref="BuildOptions.CollectAfterStep"/>) clears it.
/// </summary>
public sealed class AllocationBudget(IOptions<BuildOptions> options, ILogger<AllocationBudget> logger) : BackgroundService
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(50);

    /// <summary>How many collections the budget asked for (the GC's own are not counted).</summary>
    public int Collections { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var budget = options.Value.AllocationBudgetBytes;
        if (budget <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(CheckEvery);
        var collections = GC.CollectionCount(1);
        var mark = GC.GetTotalAllocatedBytes();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var allocated = GC.GetTotalAllocatedBytes();
                if (GC.CollectionCount(1) != collections)
                {
                    // The GC collected on its own since the last look: count from here.
                    collections = GC.CollectionCount(1);
                    mark = allocated;
                }
                else if (allocated - mark >= budget)
                {
                    GC.Collect(1, GCCollectionMode.Forced, blocking: true, compacting: false);
                    Collections++;
                    collections = GC.CollectionCount(1);
                    mark = GC.GetTotalAllocatedBytes();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        logger.LogDebug("Allocation budget of {Budget} bytes asked for {Collections} collections", budget, Collections);
    }
}
