using EpisodeBuilder.Activities.Builds;
using EpisodeBuilder.Activities.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.Tests.Hosting;

/// <summary>The allocation budget asks for collections as garbage passes it, and stays out of the way when off.</summary>
public sealed class AllocationBudgetTests
{
    private static async Task<int> CollectionsWhileAllocatingAsync(long budget, long garbage)
    {
        var service = new AllocationBudget(Options.Create(new BuildOptions { AllocationBudgetBytes = budget }), NullLogger<AllocationBudget>.Instance);
        await service.StartAsync(CancellationToken.None);
        // Dead buffers at a steady pace, as a step streaming a recording makes them: 64 KiB every millisecond or so.
        var sink = 0L;
        for (long made = 0; made < garbage; made += 64 * 1024)
        {
            var buffer = new byte[64 * 1024];
            buffer[made % buffer.Length] = 1;
            sink += buffer.Length;
            if (made % (1024 * 1024) == 0)
            {
                await Task.Delay(15);
            }
        }

        await service.StopAsync(CancellationToken.None);
        Assert.Equal(garbage, sink);
        return service.Collections;
    }

    [Fact]
    public async Task Garbage_past_the_budget_is_collected_without_waiting_for_the_GC_budget()
    {
        var collections = await CollectionsWhileAllocatingAsync(budget: 2 * 1024 * 1024, garbage: 128L * 1024 * 1024);

        Assert.True(collections >= 3, $"only {collections} collections for 128 MiB of garbage against a 2 MiB budget");
    }

    [Fact]
    public async Task A_budget_of_zero_leaves_collection_to_the_GC()
    {
        Assert.Equal(0, await CollectionsWhileAllocatingAsync(budget: 0, garbage: 32L * 1024 * 1024));
    }
}
