using System.ComponentModel.DataAnnotations;

namespace EpisodeBuilder.Media;

/// <summary>Where the media tools are and the working format of every intermediate (section <c>Media</c>).</summary>
public sealed class MediaOptions
{
    public const string SectionName = "Media";

    /// <summary>Folder with the <c>ffmpeg</c> and <c>ffprobe</c> binaries (Debian: /usr/bin).</summary>
    [Required(ErrorMessage = "Media:FfmpegFolder is required.")]
    public string FfmpegFolder { get; set; } = "/usr/bin";

    /// <summary>The espeak-ng executable used for AI segments.</summary>
    [Required(ErrorMessage = "Media:EspeakPath is required.")]
    public string EspeakPath { get; set; } = "espeak-ng";

    /// <summary>espeak-ng voice.</summary>
    public string EspeakVoice { get; set; } = "en-us";

    /// <summary>espeak-ng speed in words per minute.</summary>
    [Range(80, 450, ErrorMessage = "Media:EspeakWordsPerMinute must be between 80 and 450.")]
    public int EspeakWordsPerMinute { get; set; } = 165;

    /// <summary>The PocketSphinx command-line recogniser (Debian: pocketsphinx_continuous).</summary>
    [Required(ErrorMessage = "Media:PocketSphinxPath is required.")]
    public string PocketSphinxPath { get; set; } = "pocketsphinx_continuous";

    /// <summary>Sample rate of every lossless intermediate (mono PCM WAV).</summary>
    [Range(8000, 96000, ErrorMessage = "Media:SampleRate must be between 8000 and 96000.")]
    public int SampleRate { get; set; } = 44100;

    /// <summary>Crossfade at every edit point, in milliseconds.</summary>
    [Range(0, 500, ErrorMessage = "Media:CrossfadeMilliseconds must be between 0 and 500.")]
    public int CrossfadeMilliseconds { get; set; } = 20;

    /// <summary>MP3 bit rate of a mono episode, in kbit/s (<c>Media:Mp3BitrateKbps</c>).</summary>
    [Range(32, 320, ErrorMessage = "Media:Mp3BitrateKbps must be between 32 and 320.")]
    public int Mp3BitrateKbps { get; set; } = 128;

    /// <summary>MP3 bit rate of a stereo episode, in kbit/s (<c>Media:Mp3StereoBitrateKbps</c>).</summary>
    [Range(32, 320, ErrorMessage = "Media:Mp3StereoBitrateKbps must be between 32 and 320.")]
    public int Mp3StereoBitrateKbps { get; set; } = 160;

    /// <summary>
    /// Samples per pixel of the waveform peaks the review page draws. 2048 at 44.1 kHz is about 21 pixels a second: an
    /// hour of full-scale audio is about 700 KB of JSON at 8 bits, speech much less.
    /// </summary>
    [Range(64, 65536, ErrorMessage = "Media:PeaksSamplesPerPixel must be between 64 and 65536.")]
    public int PeaksSamplesPerPixel { get; set; } = 2048;

    /// <summary>Bits per peak value (8 or 16; 8 is what waveform views need and half the size).</summary>
    [AllowedValues(8, 16, ErrorMessage = "Media:PeaksBits must be 8 or 16.")]
    public int PeaksBits { get; set; } = 8;

    /// <summary>Shortest recording the product accepts, in seconds.</summary>
    public double MinimumDurationSeconds { get; set; } = 0.5;
}
