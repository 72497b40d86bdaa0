using System.Globalization;
using System.Runtime.InteropServices;

namespace EpisodeBuilder.Activities.Hosting;

/// <summary>
/// The process's native heap (the C library's <c>malloc</c>), which the runtime, sockets and HTTP use under the managed
/// heap. glibc gives each busy thread an arena of its own (up to 8 per core) and keeps what is freed in them for reuse:
/// an instance answering a status poll every second grew its arenas by about 250 KB/s while under 12 MB was in use
/// (52 MB held, measured with <c>malloc_stats</c>), so its memory grew with how long a build ran. <see cref="Trim"/> hands
/// the free pages back to the system (<c>malloc_trim(0)</c>): the same instance went from 74 to 41 MB anonymous memory.
/// <see cref="LimitArenas"/> caps how many arenas there are (<c>mallopt(M_ARENA_MAX)</c>, what <c>MALLOC_ARENA_MAX</c>
/// does from the environment), so a step's threads share a few instead of each growing its own.
/// </summary>
public static partial class NativeHeap
{
    /// <summary>glibc's <c>M_ARENA_MAX</c> parameter for <c>mallopt</c>.</summary>
    private const int ArenaMaxParameter = -8;

    /// <summary>glibc reserves each thread arena's heap as 64 MiB of address space aligned to 64 MiB (on 64-bit).</summary>
    private const long ArenaHeapBytes = 64L * 1024 * 1024;

    private static bool _unsupported = !OperatingSystem.IsLinux();

    /// <summary>
    /// Returns the native heap's free pages to the system; true when some were returned. A no-op (false) where the C
    /// library has no <c>malloc_trim</c> (not Linux, or a C library other than glibc, such as musl).
    /// </summary>
    public static bool Trim()
    {
        if (_unsupported)
        {
            return false;
        }

        try
        {
            return MallocTrim(0) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unsupported = true;
            return false;
        }
    }

    /// <summary>
    /// Caps the number of malloc arenas at <paramref name="arenas"/> (at least 1); true when the C library took it. glibc
    /// settles its limit once it has more than 8 arenas, so this must run at start-up, before the host starts its
    /// threads: arenas made before the call stay, and no new ones are made while their count is at or above the cap.
    /// False (nothing changed) where there is no glibc <c>mallopt</c>.
    /// </summary>
    public static bool LimitArenas(int arenas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(arenas, 1);
        if (_unsupported)
        {
            return false;
        }

        try
        {
            return MallOpt(ArenaMaxParameter, arenas) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unsupported = true;
            return false;
        }
    }

    /// <summary>
    /// How many thread arenas the process has (the main arena, in the program break, not counted), read from
    /// <c>/proc/self/maps</c>: each is a private anonymous reservation of 64 MiB starting on a 64 MiB boundary, its used
    /// part readable and writable, the rest inaccessible. Null where there is no <c>/proc</c>.
    /// </summary>
    public static int? ThreadArenas() => ThreadArenas("/proc/self/maps");

    /// <inheritdoc cref="ThreadArenas()"/>
    /// <param name="mapsPath">A <c>/proc/&lt;pid&gt;/maps</c> file.</param>
    public static int? ThreadArenas(string mapsPath)
    {
        if (!File.Exists(mapsPath))
        {
            return null;
        }

        var arenas = 0;
        long heapStart = -1;
        long heapEnd = -1;
        foreach (var line in File.ReadLines(mapsPath))
        {
            var (start, end, anonymous) = ParseMapping(line);
            if (!anonymous)
            {
                heapStart = -1;
                continue;
            }

            if (heapStart >= 0 && start == heapEnd)
            {
                heapEnd = end;
            }
            else
            {
                heapStart = start % ArenaHeapBytes == 0 ? start : -1;
                heapEnd = end;
            }

            if (heapStart >= 0 && heapEnd - heapStart == ArenaHeapBytes)
            {
                arenas++;
                heapStart = -1;
            }
        }

        return arenas;
    }

    /// <summary>One line of a maps file: its address range, and whether it is private anonymous memory (no file, no name).</summary>
    private static (long Start, long End, bool Anonymous) ParseMapping(string line)
    {
        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        var range = fields[0].Split('-');
        var start = long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var end = long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var anonymous = fields.Length == 5 && fields[1].EndsWith('p') && fields[4] == "0";
        return (start, end, anonymous);
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);
}
