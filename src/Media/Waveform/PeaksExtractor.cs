using EpisodeBuilder.Media.Ffmpeg.Arguments;
using EpisodeBuilder.Media.Ffmpeg;
using FFMpegCore.Pipes;
using FFMpegCore;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Media.Waveform;

/// <summary>
/// Computes waveform peaks of any audio FFmpeg can read (a local file or a signed URL): FFmpeg decodes it to 16-bit mono
/// PCM on its standard output, which is piped through a <see cref="PeaksStream"/> as it arrives, so no copy of the
/// audio is kept, on disk or in memory.
/// </summary>
public sealed class PeaksExtractor(FfmpegRunner ffmpeg, IOptions<MediaOptions> options)
{
    /// <summary>Peaks of <paramref name="source"/> at <see cref="MediaOptions.PeaksSamplesPerPixel"/> unless given.</summary>
    public async Task<WaveformPeaks> ComputeAsync(string source, CancellationToken cancellationToken, int? samplesPerPixel = null)
    {
        var rate = options.Value.SampleRate;
        var peaks = new PeaksStream(rate, samplesPerPixel ?? options.Value.PeaksSamplesPerPixel);
        await ffmpeg.RunAsync(
            MediaInputs.From(source)
                .OutputToPipe(new StreamPipeSink(peaks), o => o
                    .WithArgument(MapArgument.Stream("0:a:0"))
                    .WithArgument(new ChannelsArgument(1))
                    .WithAudioSamplingRate(rate)
                    .ForceFormat("s16le")),
            "Computing waveform peaks",
            cancellationToken);
        if (peaks.Samples == 0)
        {
            throw new InvalidMediaException("The audio decoded to no samples; there is no waveform to draw.");
        }

        return peaks.ToPeaks(options.Value.PeaksBits);
    }
}
