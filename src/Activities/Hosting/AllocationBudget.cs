using EpisodeBuilder.Activities.Builds;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.Hosting;

/// <summary>
/// Bounds the garbage the process carries between collections. The GC sizes its young-generation budget from the
/// processor's cache and how little survives, so when a step streams a recording through buffers (an hour is 318 MB of
/// WAV, moved and hashed several times) the dead buffers pile up to tens of MB before it collects, and the instance's
/// memory peaks on them, more the longer the episode. The runtime's own cap (<c>GCgen0MaxBudget</c>) can only be set
/// by an environment variable before the process starts; this does the same from configuration
/// (<see cref="BuildOptions.AllocationBudgetBytes"/>): every 200 ms it compares the bytes allocated since the last
/// young collection with the budget and, past it, asks for one (a millisecond or two: almost nothing survives).
/// </summary>
public sealed class AllocationBudget(IOptions<BuildOptions> options, ILogger<AllocationBudget> logger) : BackgroundService
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(200);

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
