using System.Diagnostics;

namespace EpisodeBuilder.Media;

/// <summary>Runs a command-line tool (espeak-ng, PocketSphinx) with its arguments as a list, killing it on cancel.</summary>
internal static class ToolProcess
{
    public static async Task<(string Output, string Error)> RunAsync(string fileName, IEnumerable<string> arguments, string operation, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new MediaProcessingException($"{operation}: could not start {fileName}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new MediaProcessingException($"{operation}: '{fileName}' is not installed or not on PATH (script/bootstrap installs it).", e);
        }

        using (process)
        {
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

            var (stdout, stderr) = (await output, await error);
            if (process.ExitCode != 0)
            {
                throw new MediaProcessingException($"{operation} failed with exit code {process.ExitCode}: {stderr.Trim()}");
            }

            return (stdout, stderr);
        }
    }
}
