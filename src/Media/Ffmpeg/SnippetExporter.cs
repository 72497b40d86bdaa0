using EpisodeBuilder.Media.Ffmpeg.Arguments;
using FFMpegCore;

namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>Cuts a short MP3 from a range of a source (or a URL FFmpeg can seek with HTTP ranges) for the waveform UI.</summary>
public sealed class SnippetExporter(FfmpegRunner ffmpeg)
{
    public const double MaximumSeconds = 120;

    public async Task ExportAsync(string source, double start, double end, string output, CancellationToken cancellationToken)
    {
        if (start < 0 || end <= start)
        {
            throw new InvalidMediaException("a snippet needs 0 <= start < end");
        }

        if (end - start > MaximumSeconds)
        {
            throw new InvalidMediaException($"a snippet can be at most {MaximumSeconds} seconds long");
        }

        await ffmpeg.RunAsync(
            MediaInputs.From(source, o => o.WithArgument(new StartAtArgument(start)))
                .OutputToFile(output, overwrite: true, o => o
                    .WithArgument(new LengthArgument(end - start))
                    .WithArgument(new NoVideoArgument())
                    .WithAudioCodec("libmp3lame")
                    .WithAudioBitrate(96)
                    .WithAudioSamplingRate(44100)
                    .WithArgument(new ChannelsArgument(1))),
            "Exporting snippet",
            cancellationToken);
    }
}
