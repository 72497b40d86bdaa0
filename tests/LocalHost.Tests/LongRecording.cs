using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace EpisodeBuilder.LocalHost.Tests;

/// <summary>
/// A recording of some minutes made with FFmpeg's noise source (loud enough to normalise), with a supplied
/// transcript whose filler words ("um") the edit planner cuts: enough work that the merge (which cuts the content) runs for seconds.
/// </summary>
public static class LongRecording
{
    public static async Task<(string Wav, string Transcript)> CreateAsync(string directory, int seconds)
    {
        var wav = Path.Combine(directory, $"long-{seconds}s.wav");
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "-y", "-hide_banner", "-loglevel", "error", "-f", "lavfi",
            "-i", string.Create(CultureInfo.InvariantCulture, $"anoisesrc=d={seconds}:c=pink:r=44100:a=0.3:seed=7"),
            "-af", "volume='if(lt(mod(t,3),2.2),1,0.02)':eval=frame", "-ac", "1", "-ar", "44100", wav,
        })
        {
            info.ArgumentList.Add(argument);
        }

        using (var ffmpeg = Process.Start(info)!)
        {
            var error = await ffmpeg.StandardError.ReadToEndAsync();
            await ffmpeg.WaitForExitAsync();
            Assert.True(ffmpeg.ExitCode == 0, error);
        }

        var words = new List<object>();
        for (var t = 0.0; t + 2.2 < seconds; t += 3)
        {
            var isFiller = (int)(t / 3) % 4 == 3;
            words.Add(new { text = isFiller ? "um" : "words", start = t + 0.2, end = t + 0.6, confidence = 1.0 });
            words.Add(new { text = "spoken", start = t + 0.8, end = t + 2.0, confidence = 1.0 });
        }

        var transcript = Path.Combine(directory, $"long-{seconds}s.json");
        await File.WriteAllTextAsync(transcript, JsonSerializer.Serialize(new { words }));
        return (wav, transcript);
    }
}
