using EpisodeBuilder.Activities.Builds;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.Hosting;

/// <summary>
/// Bounds the garbage the process carries between collections. The GC sizes its young budget from the last-level cache,
/// so on a machine with a large one tens of megabytes of garbage pile up between collections; the runtime's
/// own knob for it (<c>DOTNET_GCgen0size</c>; <c>GCgen0MaxBudget</c> does not lower it) is an environment variable read
/// before the process starts. This does the same from configuration (<see cref="BuildOptions.AllocationBudgetBytes"/>):
/// every 50 ms it compares the bytes allocated since the last collection of generation 1 or older with the budget and,
/// past it, asks for a generation-1 collection (a millisecond or two: almost nothing survives). The GC's own
/// generation-0 collections do not reset that count, and in an hour's build they ran about once a second, so the budget
/// is a backstop: at 8 MiB it fired in the hour's merge and that step's memory rose 7.2 MB at the collection and stayed
/// there (the app peaked at 190 MB against 183-184 MB without the budget), so it now defaults to 32 MiB, above what an
/// hour's step allocates.
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
