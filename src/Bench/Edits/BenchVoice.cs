using System.Diagnostics;
using System.Globalization;

namespace EpisodeBuilder.Bench.Edits;

/// <summary>A text-to-speech voice of the edit benchmark: espeak-ng with a voice and variant, or one of flite's voices.</summary>
/// <param name="Engine"><c>espeak-ng</c> or <c>flite</c>.</param>
/// <param name="Name">The engine's voice name (<c>en-us+m3</c>, <c>kal</c>).</param>
/// <param name="HeldOut">Never used to set a threshold: reported apart.</param>
public sealed record BenchVoice(string Engine, string Name, bool HeldOut)
{
    /// <summary>
    /// The tuning voices: espeak-ng's own <c>en-us</c> (what the tests and the build benchmark speak with) and seven
    /// others, none with a held-out voice's variant; the held-out ones include every voice the issue found the edit failing on.
    /// </summary>
    public static IReadOnlyList<BenchVoice> All { get; } =
    [
        new("espeak-ng", "en-us", HeldOut: false),
        new("espeak-ng", "en-gb-x-rp+m1", HeldOut: false),
        new("espeak-ng", "en-029+f3", HeldOut: false),
        new("flite", "slt", HeldOut: false),
        new("flite", "awb", HeldOut: false),
        new("flite", "kal", HeldOut: true),
        new("flite", "rms", HeldOut: true),
        new("espeak-ng", "en-gb+f2", HeldOut: true),
        new("espeak-ng", "en-us+m3", HeldOut: true),
        new("espeak-ng", "en-us+f4", HeldOut: true),
        new("espeak-ng", "en-gb-scotland+m4", HeldOut: true),

        // Later tuning voices go last, so every recording above stays as it was made.
        new("espeak-ng", "en-us-nyc+m2", HeldOut: false),
        new("espeak-ng", "en-gb-x-gbclan+f1", HeldOut: false),
        new("espeak-ng", "en-us+klatt", HeldOut: false),
    ];

    public string Id => $"{Engine}:{Name}";

    /// <summary>Speaks <paramref name="text"/> into a WAV at <paramref name="rate"/> times the engine's usual speed.</summary>
    public async Task SpeakAsync(string text, double rate, string wavPath, CancellationToken cancellationToken)
    {
        var arguments = Engine switch
        {
            "espeak-ng" => ["-v", Name, "-s", ((int)Math.Round(165 * rate)).ToString(CultureInfo.InvariantCulture), "-w", wavPath, "--", text],
            "flite" => new[] { "-voice", Name, "--setf", string.Create(CultureInfo.InvariantCulture, $"duration_stretch={1 / rate:0.###}"), "-t", text, "-o", wavPath },
            _ => throw new InvalidOperationException($"unknown speech engine '{Engine}'"),
        };
        var info = new ProcessStartInfo(Engine) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Engine}");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 || !File.Exists(wavPath))
        {
            throw new InvalidOperationException($"{Engine} -voice {Name} failed: {await error}");
        }
    }
}
