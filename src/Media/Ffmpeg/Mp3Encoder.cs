using EpisodeBuilder.Media.Ffmpeg.Arguments;
using FFMpegCore;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>ID3 tags written into the published MP3.</summary>
public sealed record EpisodeTags(string Title, string Artist, string Album, string? Comment, string? Date);

/// <summary>
/// Encodes the episode to MP3 once, at the end (libmp3lame, constant bit rate, 44.1 kHz, as many channels as the merged WAV
/// and the bit rate for that count), with ID3v2.3 tags that podcast apps read; a loudness adjustment from a measurement
/// made earlier is applied in the same pass.
/// </summary>
public sealed class Mp3Encoder(FfmpegRunner ffmpeg, IOptions<MediaOptions> options)
{
    /// <summary>
    /// Encodes, applying a loudness adjustment in the same pass when one is given, writing ID3 chapters (<c>CHAP</c>
    /// frames under a <c>CTOC</c>) from an FFmpeg metadata file (<see cref="ChapterMetadata"/>) when one is given, and
    /// embedding <paramref name="coverArt"/> (a JPEG or PNG checked by <see cref="ArtworkInspector"/>) as the front cover
    /// (<c>APIC</c>) when one is given.
    /// </summary>
    public async Task EncodeAsync(string input, string output, EpisodeTags tags, CancellationToken cancellationToken, LoudnessAdjustment? loudness = null, string? chaptersMetadata = null, string? coverArt = null)
    {
        var metadata = new Dictionary<string, string?>
        {
            ["title"] = tags.Title,
            ["artist"] = tags.Artist,
            ["album"] = tags.Album,
            ["comment"] = tags.Comment,
            ["date"] = tags.Date,
            ["genre"] = "Podcast",
        };
        var arguments = MediaInputs.From(input);
        var channels = Wav.WavLayout.Read(input).Channels;
        var inputs = 1;
        int? chaptersInput = null;
        int? coverInput = null;
        if (chaptersMetadata is not null)
        {
            arguments = arguments.AddFileInput(chaptersMetadata, verifyExists: false, o => o.WithArgument(MediaInputs.For(chaptersMetadata, "ffmetadata")).ForceFormat("ffmetadata"));
            chaptersInput = inputs++;
        }

        if (coverArt is not null)
        {
            var demuxer = await ArtworkInspector.DemuxerAsync(coverArt, cancellationToken) ?? throw new InvalidMediaException("the cover art is not a JPEG or PNG image");
            arguments = arguments.AddFileInput(coverArt, verifyExists: true, o => o.WithArgument(MediaInputs.ForImage()).ForceFormat(demuxer));
            coverInput = inputs++;
        }

        await ffmpeg.RunAsync(
            arguments.OutputToFile(output, overwrite: true, o =>
            {
                if (inputs > 1)
                {
                    o.WithArgument(MapArgument.Stream("0:a"));
                }

                if (chaptersInput is { } chapters)
                {
                    o.WithArgument(new ChaptersFromArgument(chapters));
                }

                if (coverInput is { } cover)
                {
                    o.WithArgument(MapArgument.Stream($"{cover}:v")).WithArgument(new CoverArtArgument());
                }

                if (loudness is not null)
                {
                    o.WithArgument(new AudioFilterArgument(loudness.Filters));
                }

                o.WithAudioCodec("libmp3lame")
                    .WithAudioBitrate(channels >= 2 ? options.Value.Mp3StereoBitrateKbps : options.Value.Mp3BitrateKbps)
                    .WithAudioSamplingRate(44100)
                    .WithArgument(new FormatOptionArgument("id3v2_version", "3"))
                    .WithArgument(new FormatOptionArgument("write_xing", "1"));
                foreach (var (key, value) in metadata)
                {
                    if (!string.IsNullOrWhiteSpace(value))
                    {
                        o.WithArgument(new MetadataTagArgument(key, value));
                    }
                }
            }),
            "Encoding MP3",
            cancellationToken);
    }
}
