using System.Globalization;
using EpisodeBuilder.Media.Ffmpeg.Arguments;
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
        var arguments = MediaInputs.From(parts[0]);
        foreach (var part in parts.Skip(1))
        {
            arguments = arguments.AndFrom(part);
        }

        var graph = new FilterGraph();
        for (var i = 0; i < parts.Count; i++)
        {
            graph.Chain([Invariant($"{i}:a")], [AudioFilters.Resample(rate), AudioFilters.MonoS16()], Invariant($"p{i}"));
        }

        graph.Chain([.. Enumerable.Range(0, parts.Count).Select(i => Invariant($"p{i}"))], [AudioFilters.Concat(parts.Count)], "joined");
        var result = "joined";
        if (musicBed is not null)
        {
            arguments = arguments.AndFrom(musicBed, o => o.WithArgument(new LoopForeverArgument()));
            List<Filter> bed = [AudioFilters.Resample(rate), AudioFilters.MonoS16(), AudioFilters.Volume(MusicBedGainDb)];
            if (totalSeconds is not null)
            {
                bed.Add(AudioFilters.FadeOut(Math.Max(0, totalSeconds.Value - 3), 3));
            }

            graph.Chain([Invariant($"{parts.Count}:a")], bed, "bed");
            graph.Chain(["joined", "bed"], [AudioFilters.MixUnderFirst()], "mixed");
            result = "mixed";
        }

        graph.Chain([result], [AudioFilters.LoudnessMeter(truePeak: true)], "measured");
        var log = await ffmpeg.RunAsync(
            arguments.OutputToFile(output, overwrite: true, o => o
                .WithArgument(new FilterGraphArgument(graph))
                .WithArgument(MapArgument.Label("measured"))
                .WithArgument(new WorkingWavArgument(rate))),
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
                MediaInputs.From(input).OutputToFile(piece, overwrite: true, o => o
                    .WithArgument(new AudioFilterArgument(AudioFilters.Trim(start, end), AudioFilters.RestartTimestamps()))
                    .WithArgument(new WorkingWavArgument(options.Value.SampleRate))),
                "Splitting content",
                cancellationToken);
            pieces.Add(piece);
        }

        return pieces;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
