using System.Text;
using FFMpegCore.Arguments;

namespace EpisodeBuilder.Media.Ffmpeg.Arguments;

/// <summary><c>-filter_complex "graph"</c>: the graph of a pass with several inputs or outputs.</summary>
public sealed class FilterGraphArgument(FilterGraph graph) : IArgument
{
    public string Text => $"-filter_complex {CommandLine.Quote(graph.ToString())}";
}

/// <summary><c>-af "f1,f2"</c>: the audio filters of a pass with one input and one output.</summary>
public sealed class AudioFilterArgument(IReadOnlyList<Filter> filters) : IArgument
{
    public AudioFilterArgument(params Filter[] filters)
        : this((IReadOnlyList<Filter>)filters)
    {
    }

    public string Text => $"-af {CommandLine.Quote(string.Join(",", filters))}";
}

/// <summary><c>-map</c>: which stream goes to the output, a graph's label (<c>[working]</c>) or an input's stream (<c>0:a:0</c>).</summary>
public sealed class MapArgument : IArgument
{
    private MapArgument(string text) => Text = text;

    public string Text { get; }

    /// <summary>The stream a filter graph wrote under <paramref name="label"/>.</summary>
    public static MapArgument Label(string label) => new($"-map [{Pad.Check(label)}]");

    /// <summary>An input's stream, by specifier (<c>0:a</c>, <c>0:a:0</c>).</summary>
    public static MapArgument Stream(string specifier) => new($"-map {Pad.Check(specifier)}");
}

/// <summary><c>-map_chapters N</c>: the chapters come from input <c>N</c>.</summary>
public sealed class ChaptersFromArgument(int input) : IArgument
{
    public string Text => $"-map_chapters {input}";
}

/// <summary>
/// The lossless working format: 16-bit PCM at <c>sampleRate</c>, mono (<c>-c:a pcm_s16le -ar R -ac 1</c>) but for a merged
/// stereo episode.
/// </summary>
public sealed class WorkingWavArgument(int sampleRate, int channels = 1) : IArgument
{
    public string Text => $"-c:a pcm_s16le -ar {sampleRate} -ac {channels}";
}

/// <summary><c>-ac N</c>: the number of audio channels written.</summary>
public sealed class ChannelsArgument(int channels) : IArgument
{
    public string Text => $"-ac {channels}";
}

/// <summary><c>-ss S</c> on an input: reading starts at <c>S</c> seconds (a seek, not a decode from the start).</summary>
public sealed class StartAtArgument(double seconds) : IArgument
{
    public string Text => $"-ss {AudioFormat.Seconds(seconds)}";
}

/// <summary><c>-t S</c>: at most <c>S</c> seconds are read (on an input) or written (on an output).</summary>
public sealed class LengthArgument(double seconds) : IArgument
{
    public string Text => $"-t {AudioFormat.Seconds(seconds)}";
}

/// <summary><c>-stream_loop -1</c> on an input: it repeats for as long as the output needs it.</summary>
public sealed class LoopForeverArgument : IArgument
{
    public string Text => "-stream_loop -1";
}

/// <summary>A private option of a muxer or demuxer: <c>-name value</c> (e.g. <c>-id3v2_version 3</c>, <c>-safe 0</c>).</summary>
public sealed class FormatOptionArgument : IArgument
{
    public FormatOptionArgument(string name, string value)
    {
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || value.Length == 0 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-'))
        {
            throw new ArgumentException($"-{name} {value} is not a format option this product writes.", nameof(name));
        }

        Text = $"-{name} {value}";
    }

    public string Text { get; }
}

/// <summary><c>-metadata key="value"</c>: a tag of the output (an ID3 frame in an MP3), quoted and escaped for the command line.</summary>
/// <summary>
/// <c>-c:v copy -disposition:v attached_pic -metadata:s:v title=… -metadata:s:v comment="Cover (front)"</c>: the output's
/// picture stream is a still copied as it is, written by the MP3 muxer as an ID3 <c>APIC</c> frame of the front cover.
/// </summary>
public sealed class CoverArtArgument : IArgument
{
    public string Text { get; } = $"-c:v copy -disposition:v attached_pic -metadata:s:v title=Cover -metadata:s:v comment={CommandLine.Quote("Cover (front)")}";
}

public sealed class MetadataTagArgument : IArgument
{
    public MetadataTagArgument(string key, string value)
    {
        if (key.Length == 0 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"'{key}' is not a metadata key.", nameof(key));
        }

        Text = $"-metadata {key}={CommandLine.Quote(new string(value.Where(c => !char.IsControl(c)).ToArray()))}";
    }

    public string Text { get; }
}

/// <summary>
/// A second output of the same pass: its own options, then its path (FFmpeg writes each output with the options before it).
/// </summary>
public sealed class ExtraOutputArgument(string path, params IArgument[] options) : IArgument
{
    public string Text => string.Join(" ", options.Select(o => o.Text).Append(CommandLine.Quote(path)));
}

/// <summary>Quoting for the one command line FFMpegCore hands to the process, which .NET splits into arguments.</summary>
internal static class CommandLine
{
    /// <summary>
    /// <paramref name="value"/> as one argument: in double quotes, a quote escaped, and backslashes doubled only where
    /// they come before a quote (elsewhere a backslash is literal, so FFmpeg's own escapes pass through unchanged).
    /// </summary>
    public static string Quote(string value)
    {
        var quoted = new StringBuilder("\"");
        var backslashes = 0;
        foreach (var c in value)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            quoted.Append('\\', c == '"' ? (backslashes * 2) + 1 : backslashes).Append(c);
            backslashes = 0;
        }

        return quoted.Append('\\', backslashes * 2).Append('"').ToString();
    }
}

/// <summary><c>-vn</c>: no video in the output (an upload's cover art, say, is left out).</summary>
public sealed class NoVideoArgument : IArgument
{
    public string Text => "-vn";
}
