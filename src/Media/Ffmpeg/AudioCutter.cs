using System.Globalization;
using System.Text;
using FFMpegCore;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Media.Ffmpeg;

/// <summary>Result of applying cuts: what was kept and how long the output is.</summary>
public sealed record CutResult(IReadOnlyList<TimeRange> Kept, double ExpectedDurationSeconds);

/// <summary>
/// Removes time ranges from a recording in one FFmpeg filter graph, joining what is kept with a short crossfade
/// so edits do not click. The output lasts <c>sum(kept) - (kept.Count - 1) * crossfade</c>.
/// </summary>
public sealed class AudioCutter(FfmpegRunner ffmpeg, IOptions<MediaOptions> options)
{
    public async Task<CutResult> ApplyCutsAsync(string input, double durationSeconds, IEnumerable<TimeRange> cuts, string output, CancellationToken cancellationToken)
    {
        var crossfade = options.Value.CrossfadeMilliseconds / 1000.0;
        var kept = Kept(durationSeconds, cuts, minimumPiece: Math.Max(0.05, 2 * crossfade));
        if (kept.Count == 0)
        {
            throw new InvalidMediaException("the edit plan removes the whole recording");
        }

        var graph = new StringBuilder();
        for (var i = 0; i < kept.Count; i++)
        {
            graph.Append(CultureInfo.InvariantCulture, $"[0:a]atrim=start={AudioFormat.Seconds(kept[i].Start)}:end={AudioFormat.Seconds(kept[i].End)},asetpts=PTS-STARTPTS[k{i}];");
        }

        var last = "k0";
        for (var i = 1; i < kept.Count; i++)
        {
            var next = $"x{i}";
            graph.Append(crossfade > 0
                ? string.Create(CultureInfo.InvariantCulture, $"[{last}][k{i}]acrossfade=d={AudioFormat.Seconds(crossfade)}:c1=tri:c2=tri[{next}];")
                : string.Create(CultureInfo.InvariantCulture, $"[{last}][k{i}]concat=n=2:v=0:a=1[{next}];"));
            last = next;
        }

        var filter = graph.ToString().TrimEnd(';');
        await ffmpeg.RunAsync(
            FFMpegArguments.FromFileInput(input).OutputToFile(output, overwrite: true, o => o
                .WithCustomArgument($"-filter_complex \"{filter}\" -map [{last}]")
                .WithCustomArgument(AudioFormat.WorkingWav(options.Value.SampleRate))),
            "Applying cuts",
            cancellationToken);
        return new CutResult(kept, kept.Sum(k => k.Duration) - ((kept.Count - 1) * crossfade));
    }

    /// <summary>The complement of the cuts within [0, duration], dropping slivers too short to crossfade.</summary>
    public static IReadOnlyList<TimeRange> Kept(double durationSeconds, IEnumerable<TimeRange> cuts, double minimumPiece)
    {
        var kept = new List<TimeRange>();
        var position = 0.0;
        foreach (var cut in TimeRange.Merge(cuts.Select(c => new TimeRange(Math.Max(0, c.Start), Math.Min(durationSeconds, c.End)))))
        {
            if (cut.Start - position >= minimumPiece)
            {
                kept.Add(new TimeRange(position, cut.Start));
            }

            position = Math.Max(position, cut.End);
        }

        if (durationSeconds - position >= minimumPiece)
        {
            kept.Add(new TimeRange(position, durationSeconds));
        }

        return kept;
    }
}
