using System.Globalization;
using EpisodeBuilder.Media.Ffmpeg.Arguments;
using EpisodeBuilder.Media.Wav;
using FFMpegCore;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>
/// Joins parts (intro, content, segments, outro) end to end in one filter graph after bringing each to the
/// working format, so the result lasts exactly the sum of the parts; optionally lays a looped music bed under it that
/// ducks under what is heard (<see cref="BedEnvelope"/>): the parts are joined first, their pauses found
/// (<see cref="PauseDetector"/>), and the bed, multiplied by the gain planned from them, mixed under the join in a second
/// pass. The result's loudness is measured in the last pass (the meter passes audio through) and returned.
/// </summary>
public sealed class AudioMerger(FfmpegRunner ffmpeg, IOptions<MediaOptions> options)
{
    /// <summary>
    /// Joins <paramref name="parts"/> into <paramref name="output"/> in <paramref name="channels"/> channels (1 or 2; a mono
    /// part in a stereo episode plays centred), with <paramref name="musicBed"/> under it when given.
    /// </summary>
    public async Task<Loudness> ConcatAsync(IReadOnlyList<string> parts, string output, CancellationToken cancellationToken, string? musicBed = null, BedLevels? bedLevels = null, int channels = 1)
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
            graph.Chain([Invariant($"{i}:a")], [AudioFilters.Resample(rate), AudioFilters.S16(channels)], Invariant($"p{i}"));
        }

        graph.Chain([.. Enumerable.Range(0, parts.Count).Select(i => Invariant($"p{i}"))], [AudioFilters.Concat(parts.Count)], "joined");
        if (musicBed is null)
        {
            graph.Chain(["joined"], [AudioFilters.LoudnessMeter(truePeak: true)], "measured");
            return await RunAsync(arguments, graph, output, channels, cancellationToken);
        }

        var joined = output + ".joined.wav";
        var envelope = output + ".bed-gain.wav";
        try
        {
            await ffmpeg.RunAsync(
                arguments.OutputToFile(joined, overwrite: true, o => o
                    .WithArgument(new FilterGraphArgument(graph))
                    .WithArgument(MapArgument.Label("joined"))
                    .WithArgument(new WorkingWavArgument(rate, channels))),
                "Joining the episode's parts",
                cancellationToken);
            var total = WavLayout.Read(joined).DurationSeconds;
            BedEnvelope.Write(BedEnvelope.Gains(PauseDetector.Detect(joined, BedEnvelope.HoldSeconds), total, bedLevels ?? new BedLevels()), envelope);

            var mix = new FilterGraph();
            mix.Chain(["1:a"], [AudioFilters.Resample(rate), AudioFilters.FloatSamples(channels)], "bed");
            mix.Chain(["2:a"], [AudioFilters.Resample(rate), AudioFilters.FloatSamples(1), .. AudioFilters.CopyToChannels(channels), AudioFilters.FloatSamples(channels)], "gain");
            mix.Chain(["bed", "gain"], [AudioFilters.Multiply(), AudioFilters.S16(channels)], "under");
            mix.Chain(["0:a", "under"], [AudioFilters.MixUnderFirst(), AudioFilters.LoudnessMeter(truePeak: true)], "measured");
            var inputs = MediaInputs.From(joined).AndFrom(musicBed, o => o.WithArgument(new LoopForeverArgument())).AndFrom(envelope);
            return await RunAsync(inputs, mix, output, channels, cancellationToken);
        }
        finally
        {
            File.Delete(joined);
            File.Delete(envelope);
        }
    }

    private async Task<Loudness> RunAsync(FFMpegArguments arguments, FilterGraph graph, string output, int channels, CancellationToken cancellationToken)
    {
        var log = await ffmpeg.RunAsync(
            arguments.OutputToFile(output, overwrite: true, o => o
                .WithArgument(new FilterGraphArgument(graph))
                .WithArgument(MapArgument.Label("measured"))
                .WithArgument(new WorkingWavArgument(options.Value.SampleRate, channels))),
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
