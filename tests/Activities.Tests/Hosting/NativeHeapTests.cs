using Xunit.Abstractions;
using System.Globalization;
using System.Runtime.InteropServices;
using EpisodeBuilder.Activities.Builds;
using EpisodeBuilder.Activities.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.Tests.Hosting;

/// <summary>
/// The native heap's free pages go back to the system when trimmed, and the trimmer trims on its interval. Runs alone:
/// the measure is the process's anonymous memory, which other tests' allocations would move.
/// </summary>
[Collection(NativeHeapCollection.Name)]
public sealed class NativeHeapTests(ITestOutputHelper output)
{
    private const int BlockBytes = 4096;
    private const int Blocks = 20_000;

    /// <summary>Every 64th block stays allocated, so the freed ones are holes the C library cannot give back by itself.</summary>
    private const int KeepEvery = 64;

    [Fact]
    public void Trim_hands_memory_freed_in_the_middle_of_the_native_heap_back_to_the_system()
    {
        Assert.True(OperatingSystem.IsLinux(), "the product runs on Linux; this measures /proc/self/status");
        var kept = FreeAllButEvery64thBlock();
        try
        {
            var before = AnonymousKb();
            var released = NativeHeap.Trim();
            var after = AnonymousKb();
            var freedKb = (long)Blocks * BlockBytes / 1024 * (KeepEvery - 1) / KeepEvery;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"anonymous memory {before} kB before the trim, {after} kB after; {freedKb} kB were freed"));

            Assert.True(released);
            Assert.True(before - after >= freedKb / 2, $"the trim gave back {before - after} kB of the {freedKb} kB freed");
        }
        finally
        {
            Free(kept);
        }
    }

    [Fact]
    public async Task The_trimmer_trims_on_its_interval_until_the_host_stops()
    {
        var trimmer = new NativeHeapTrimmer(Options.Create(new BuildOptions { NativeHeapTrimInterval = TimeSpan.FromMilliseconds(50) }), NullLogger<NativeHeapTrimmer>.Instance);
        await trimmer.StartAsync(CancellationToken.None);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (trimmer.Trims < 3 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        await trimmer.StopAsync(CancellationToken.None);
        var trims = trimmer.Trims;
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        Assert.True(trims >= 3, $"{trims} trims in {clock.Elapsed.TotalSeconds:F1} s at a 50 ms interval");
        Assert.Equal(trims, trimmer.Trims);
    }

    [Fact]
    public async Task A_zero_interval_turns_the_trimmer_off()
    {
        var trimmer = new NativeHeapTrimmer(Options.Create(new BuildOptions { NativeHeapTrimInterval = TimeSpan.Zero }), NullLogger<NativeHeapTrimmer>.Instance);
        await trimmer.StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        await trimmer.StopAsync(CancellationToken.None);

        Assert.Equal(0, trimmer.Trims);
    }

    /// <summary>Allocates (<c>malloc</c>) and writes 80 MB of small blocks, then frees all but every 64th; returns the kept ones.</summary>
    private static List<nint> FreeAllButEvery64thBlock()
    {
        var ones = Enumerable.Repeat((byte)1, BlockBytes).ToArray();
        var blocks = new nint[Blocks];
        for (var i = 0; i < Blocks; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(BlockBytes);
            Marshal.Copy(ones, 0, blocks[i], BlockBytes);
        }

        var kept = new List<nint>();
        for (var i = 0; i < Blocks; i++)
        {
            if (i % KeepEvery == KeepEvery - 1)
            {
                kept.Add(blocks[i]);
            }
            else
            {
                Marshal.FreeHGlobal(blocks[i]);
            }
        }

        return kept;
    }

    private static void Free(List<nint> blocks)
    {
        foreach (var block in blocks)
        {
            Marshal.FreeHGlobal(block);
        }
    }

    private static long AnonymousKb() =>
        File.ReadLines("/proc/self/status")
            .Where(l => l.StartsWith("RssAnon:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture))
            .Single();
}

/// <summary>Native-heap tests run alone, so the anonymous memory they measure moves only with what they do.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeHeapCollection
{
    public const string Name = "native heap";
}
