using EpisodeBuilder.Media.Transcription;

namespace EpisodeBuilder.Bench;

/// <summary>
/// The least transcription can cost on this machine without splitting the work: PocketSphinx once over the whole
/// recording, serially, as the product ran it before chunking (<c>pocketsphinx_continuous -infile … -time yes</c>). The
/// 16 kHz mono WAV it needs is made first and not timed.
/// </summary>
public static class TranscriptionFloor
{
    public static async Task<TranscriptionFloorResult> MeasureAsync(string recordingWav, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var input = Path.Combine(folder, "asr-16k.wav");
        await ToolRun.RunAsync("ffmpeg", ["-hide_banner", "-nostdin", "-y", "-i", recordingWav, "-c:a", "pcm_s16le", "-ar", "16000", "-ac", "1", input], cancellationToken);
        try
        {
            var run = await ToolRun.RunAsync("pocketsphinx_continuous", ["-infile", input, "-time", "yes", "-logfn", "/dev/null"], cancellationToken);
            return new TranscriptionFloorResult(run.Seconds, run.PeakRssMb, PocketSphinxTranscriber.Parse(run.Output).Count);
        }
        finally
        {
            File.Delete(input);
        }
    }
}

/// <summary>The transcription floor: PocketSphinx's wall time over the whole recording, its peak memory (MB) and the words it heard.</summary>
public sealed record TranscriptionFloorResult(double Seconds, double PeakRssMb, int Words);
