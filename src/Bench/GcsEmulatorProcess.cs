using System.Diagnostics;
using EpisodeBuilder.GcsEmulator.Signing;

namespace EpisodeBuilder.Bench;

/// <summary>
/// The GCS emulator in a process of its own, as Google Cloud Storage is a service apart in production: the local host
/// is pointed at it with <c>--gcs</c>, so the app's memory measured by the benchmark does not include the storage
/// service's (which holds upload chunks and serves downloads), as Azurite's is not included either.
/// </summary>
public sealed class GcsEmulatorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private GcsEmulatorProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>The Release build of the emulator (script/bench builds it).</summary>
    public static string AppDll(string repository)
    {
        var dll = Path.Combine(repository, "src", "GcsEmulator", "bin", "Release", "net10.0", "EpisodeBuilder.GcsEmulator.dll");
        return File.Exists(dll) ? dll : throw new BenchFailedException($"no Release build of the GCS emulator at {dll}: run through script/bench, which builds it");
    }

    /// <summary>
    /// Starts it on <paramref name="port"/> (0: a free one) with its data in <paramref name="dataDirectory"/>, trusting the
    /// local host's development signer (made here if missing), with <paramref name="more"/> arguments (fault injection).
    /// </summary>
    public static async Task<GcsEmulatorProcess> StartAsync(string appDll, string dataDirectory, string signerKeyFile, CancellationToken cancellationToken, int port = 0, IReadOnlyList<string>? more = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(signerKeyFile)!);
        if (!File.Exists(signerKeyFile))
        {
            await File.WriteAllTextAsync(signerKeyFile, DevServiceAccount.CreateKeyJson(), cancellationToken);
        }

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { appDll, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", dataDirectory, "--service-account", signerKeyFile }.Concat(more ?? []))
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new BenchFailedException("the GCS emulator did not start");
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            const string prefix = "GCS emulator serving ";
            if (e.Data?.StartsWith(prefix, StringComparison.Ordinal) == true)
            {
                ready.TrySetResult(new Uri(e.Data[prefix.Length..].Split(' ')[0]));
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new GcsEmulatorProcess(process, await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
