using System.Globalization;
using EpisodeBuilder.Activities.Builds;
using Microsoft.Extensions.Configuration;

namespace EpisodeBuilder.Activities.Hosting;

/// <summary>
/// Caps the C library's malloc arenas from configuration (<see cref="BuildOptions.NativeHeapArenas"/>) as the process
/// starts. glibc gives every thread that allocates an arena of its own, up to 8 per core, and each keeps what it freed:
/// in an hour's build the clean-audio step's native memory grew 9.9 MB across 15 arenas while it streamed the 318 MB
/// WAV down and up, 4.4 MB with two (measured from <c>/proc/&lt;pid&gt;/smaps</c>); uncapped, the hour's peak came out
/// 7-11 % above the ten-minute build's, capped 7-8 % (bench runs 17-21). The limit is settled once the process has more than 8 arenas,
/// so the hosts call <see cref="Apply"/> first thing in <c>Program</c>, before the host starts its threads.
/// </summary>
public static class ArenaLimit
{
    /// <summary>glibc's own variable for the same limit; when the environment sets it, it is left to rule.</summary>
    public const string EnvironmentVariable = "MALLOC_ARENA_MAX";

    private static readonly string Key = $"{BuildOptions.SectionName}:{nameof(BuildOptions.NativeHeapArenas)}";

    /// <summary>What <see cref="Apply"/> did in this process; null before it ran.</summary>
    public static ArenaLimitResult? Applied { get; private set; }

    /// <summary>
    /// Reads <c>Builds:NativeHeapArenas</c> (default <see cref="BuildOptions.DefaultNativeHeapArenas"/>) and caps the arenas
    /// at it, unless it is 0, not a whole number in range (the options' validation then stops the host with the reason),
    /// or <c>MALLOC_ARENA_MAX</c> is set.
    /// </summary>
    public static ArenaLimitResult Apply(IConfiguration configuration, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var arenasBefore = NativeHeap.ThreadArenas();
        ArenaLimitResult result;
        if (environment(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            result = new ArenaLimitResult(ArenaLimitOutcome.LeftToEnvironment, null, arenasBefore, $"{EnvironmentVariable}={fromEnvironment}");
        }
        else if (!TryRead(configuration[Key], out var arenas))
        {
            result = new ArenaLimitResult(ArenaLimitOutcome.Invalid, null, arenasBefore, $"{Key}={configuration[Key]}");
        }
        else if (arenas == 0)
        {
            result = new ArenaLimitResult(ArenaLimitOutcome.Off, null, arenasBefore, null);
        }
        else
        {
            var taken = NativeHeap.LimitArenas(arenas);
            result = new ArenaLimitResult(taken ? ArenaLimitOutcome.Limited : ArenaLimitOutcome.Unsupported, arenas, arenasBefore, null);
        }

        Applied = result;
        return result;
    }

    private static bool TryRead(string? value, out int arenas)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            arenas = BuildOptions.DefaultNativeHeapArenas;
            return true;
        }

        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out arenas)
            && arenas is >= 0 and <= BuildOptions.MaxNativeHeapArenas;
    }
}

/// <summary>What became of the arena limit at start-up.</summary>
public enum ArenaLimitOutcome
{
    /// <summary>The C library took the limit.</summary>
    Limited,

    /// <summary><c>Builds:NativeHeapArenas</c> is 0: glibc's own limit (8 per core).</summary>
    Off,

    /// <summary><c>MALLOC_ARENA_MAX</c> is set, and glibc read it before the process ran any code.</summary>
    LeftToEnvironment,

    /// <summary>The setting is not a whole number from 0 to <see cref="BuildOptions.MaxNativeHeapArenas"/>; the options' validation reports it.</summary>
    Invalid,

    /// <summary>No glibc <c>mallopt</c> here (not Linux, or another C library).</summary>
    Unsupported,
}

/// <summary>The arena limit's outcome, the limit when one was set, the thread arenas that existed before it, and what decided it otherwise.</summary>
public sealed record ArenaLimitResult(ArenaLimitOutcome Outcome, int? Limit, int? ThreadArenasBefore, string? Setting)
{
    /// <summary>One line for the start-up log.</summary>
    public string Describe() => Outcome switch
    {
        ArenaLimitOutcome.Limited => $"native heap limited to {Limit} malloc arenas ({ThreadArenasBefore?.ToString(CultureInfo.InvariantCulture) ?? "?"} thread arenas existed before)",
        ArenaLimitOutcome.Off => "native heap arenas left to the C library (Builds:NativeHeapArenas=0)",
        ArenaLimitOutcome.LeftToEnvironment => $"native heap arenas left to {Setting}",
        ArenaLimitOutcome.Invalid => $"native heap arenas not limited: {Setting} is not a whole number from 0 to {BuildOptions.MaxNativeHeapArenas}",
        _ => "native heap arenas not limited: no glibc mallopt here",
    };
}
