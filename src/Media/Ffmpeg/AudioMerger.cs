using System.Globalization;
using System.Text;
using FFMpegCore;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>
/// Joins parts (intro, content, segments, outro) end to end in one filter graph after bringing each to the
/// working format, so the result lasts exactly the sum of the parts; optionally lays a looped music bed under it. The
/// result's loudness is measured in the same pass (the meter passes audio through) and returned.
/// </summary>
public sealed class AudioMerger(FfmpegRunner ffmpeg, IOptions<MediaOptions> options)
{
    public const double MusicBedGainDb = -22;

    public async Task<Loudness> ConcatAsync(IReadOnlyList<string> parts, string output, CancellationToken cancellationToken, string? musicBed = null, double? totalSeconds = null)
    {
        if (parts.Count == 0)
        {
            throw new ArgumentException("At least one part is needed.", nameof(parts));
        }

        var rate = options.Value.SampleRate;
        var arguments = FFMpegArguments.FromFileInput(parts[0]);
        foreach (var part in parts.Skip(1))
        {
            arguments = arguments.AddFileInput(part);
        }

        var graph = new StringBuilder();
        for (var i = 0; i < parts.Count; i++)
        {
            graph.Append(CultureInfo.InvariantCulture, $"[{i}:a]aresample={rate},aformat=sample_fmts=s16:channel_layouts=mono[p{i}];");
        }

        for (var i = 0; i < parts.Count; i++)
        {
            graph.Append(CultureInfo.InvariantCulture, $"[p{i}]");
        }

        graph.Append(CultureInfo.InvariantCulture, $"concat=n={parts.Count}:v=0:a=1[joined]");
        var result = "joined";
        if (musicBed is not null)
        {
            arguments = arguments.AddFileInput(musicBed, o => o.WithCustomArgument("-stream_loop -1"));
            var fadeStart = Math.Max(0, (totalSeconds ?? 0) - 3);
            graph.Append(CultureInfo.InvariantCulture, $";[{parts.Count}:a]aresample={rate},aformat=sample_fmts=s16:channel_layouts=mono,volume={AudioFormat.Number(MusicBedGainDb)}dB");
            if (totalSeconds is not null)
            {
                graph.Append(CultureInfo.InvariantCulture, $",afade=t=out:st={AudioFormat.Seconds(fadeStart)}:d=3");
            }

            graph.Append("[bed];[joined][bed]amix=inputs=2:duration=first:dropout_transition=0:normalize=0[mixed]");
            result = "mixed";
        }

        graph.Append(CultureInfo.InvariantCulture, $";[{result}]{LoudnessProcessor.MeterFilter}[measured]");
        var log = await ffmpeg.RunAsync(
            arguments.OutputToFile(output, overwrite: true, o => o
                .WithCustomArgument($"-filter_complex \"{graph}\" -map [measured]")
                .WithCustomArgument(AudioFormat.WorkingWav(rate))),
            "Merging the episode",
            cancellationToken);
        return LoudnessProcessor.ParseSummary(log);
    }

    /// <summary>Splits a file at the given offsets into consecutive pieces (for segments placed mid-content).</summary>
    public async Task<IReadOnlyList<string>> SplitAsync(string input, double durationSeconds, IReadOnlyList<double> offsets, Func<int, string> pieceName, CancellationToken cancellationToken)
    {
        var bounds = new List<double> { 0 };
        bounds.AddRange(offsets.Where(o => o > 0 && o < durationSeconds).Order());
        bounds.Add(durationSeconds);
        var pieces = new List<string>();
        for (var i = 0; i < bounds.Count - 1; i++)
        {
            var piece = pieceName(i);
            var start = bounds[i];
            var end = bounds[i + 1];
            await ffmpeg.RunAsync(
                FFMpegArguments.FromFileInput(input).OutputToFile(piece, overwrite: true, o => o
                    .WithCustomArgument($"-af atrim=start={AudioFormat.Seconds(start)}:end={AudioFormat.Seconds(end)},asetpts=PTS-STARTPTS")
                    .WithCustomArgument(AudioFormat.WorkingWav(options.Value.SampleRate))),
                "Splitting content",
                cancellationToken);
            pieces.Add(piece);
        }

        return pieces;
    }
}
