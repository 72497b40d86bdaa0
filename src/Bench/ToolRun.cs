using System.Diagnostics;

namespace EpisodeBuilder.Bench;

/// <summary>
/// Runs a command-line tool (FFmpeg, PocketSphinx) once with its arguments as a list: its wall time from start to exit,
/// its peak memory sampled every <see cref="SampleInterval"/>, and its output. A non-zero exit fails with the tail of its
/// error output.
/// </summary>
public static class ToolRun
{
    /// <summary>
    /// How often the bench reads <c>/proc</c> (the app's tree during a build, a floor's tool during a floor). Every 100 ms
    /// cost the bench 4–5 % of a core, and during a build both cores run PocketSphinx, so that time came out of the
    /// build's transcription while a serial floor had the idle second core to absorb it. The app's peak does not depend
    /// on it (it is the kernel's high-water mark, <c>VmHWM</c>, read at the end), nor does a tool's that lives several
    /// intervals; a tool that lives less than one can be missed or read early.
    /// </summary>
    public static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<ToolRunResult> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new BenchFailedException($"could not start {fileName}");
        await using var sampler = ProcessSampler.Start(process.Id, SampleInterval);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var elapsed = clock.Elapsed;
        var peaks = await sampler.StopAsync();
        var (stdout, stderr) = (await output, await error);
        if (process.ExitCode != 0)
        {
            var tail = string.Join(" | ", stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(6));
            throw new BenchFailedException($"{Path.GetFileName(fileName)} exited with {process.ExitCode}: {tail}");
        }

        return new ToolRunResult(elapsed.TotalSeconds, peaks.PeakHwmMb, stdout, stderr.Split('\n').Select(l => l.TrimEnd('\r')).ToList());
    }
}

/// <summary>One tool run: its wall time in seconds, its peak memory (VmHWM, MB) and what it wrote.</summary>
public sealed record ToolRunResult(double Seconds, double PeakRssMb, string Output, IReadOnlyList<string> ErrorLines);

/// <summary>A benchmark that cannot go on (a tool or a build failed), with a message saying what failed and why.</summary>
public sealed class BenchFailedException : Exception
{
    public BenchFailedException()
    {
    }

    public BenchFailedException(string message)
        : base(message)
    {
    }

    public BenchFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
