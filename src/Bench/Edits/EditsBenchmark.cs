using System.Diagnostics;
using EpisodeBuilder.Media;
using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Transcription;
using EpisodeBuilder.Media.Wav;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Bench.Edits;

/// <summary>Where the edit benchmark keeps its recordings and what it runs.</summary>
/// <param name="Folder">Recordings, their labels and what the recogniser heard in each (kept between runs).</param>
/// <param name="Voices">Voice ids to run (all when empty).</param>
public sealed record EditsBenchmarkOptions(string Folder, IReadOnlyList<string> Voices);

/// <summary>
/// Runs the product's own edit path on every labelled recording: the inspect step's decode (working WAV, 16 kHz copy,
/// silences), the transcriber the activities use (PocketSphinx with keyword spotting) and the planner with an automatic
/// build's settings, then scores each plan against how its recording was made (<see cref="EditScore"/>). What the
/// recogniser heard is kept per recording and transcription settings, so a change to the planner alone reruns in seconds.
/// </summary>
public sealed class EditsBenchmark(EditsBenchmarkOptions options, TextWriter progress)
{
    /// <summary>Bump when the transcriber changes what it hears: kept transcripts are then made again.</summary>
    public const int HeardVersion = 3;

        public async Task<IReadOnlyList<EditScore>> RunAsync(CancellationToken cancellationToken)
    {
        var voices = BenchVoice.All.Where(v => options.Voices.Count == 0 || options.Voices.Contains(v.Id) || options.Voices.Contains(v.Name)).ToList();
        if (voices.Count == 0)
        {
            throw new ArgumentException($"no voice matches {string.Join(", ", options.Voices)}; the voices are {string.Join(", ", BenchVoice.All.Select(v => v.Id))}");
        }

        await using var services = new ServiceCollection().AddLogging().AddEpisodeMedia(new ConfigurationBuilder().Build()).BuildServiceProvider();
        var maker = new LabelledRecordingMaker(options.Folder);
        // The corpus is built over every voice, so a recording is the same whichever voices a run selects.
        var specs = EditCorpus.Build(BenchVoice.All).Where(s => voices.Contains(s.Voice)).ToList();
        progress.WriteLine($"==> {specs.Count} recordings in {voices.Count} voices ({voices.Count(v => v.HeldOut)} held out) under {Path.GetFullPath(options.Folder)}");
        using var slots = new SemaphoreSlim(Environment.ProcessorCount);
        var clock = Stopwatch.StartNew();
        var scores = await Task.WhenAll(specs.Select(async spec =>
        {
            await slots.WaitAsync(cancellationToken);
            string? work = null;
            try
            {
                var recording = await maker.EnsureAsync(spec, cancellationToken);
                work = Directory.CreateDirectory(Path.Combine(options.Folder, $"heard-{Path.GetFileNameWithoutExtension(recording.WavPath)}-{Environment.ProcessId}")).FullName;
                var (analysis, transcript, speech) = await HeardAsync(services, recording, work, cancellationToken);

                // Without the automatic build's share cap: the recordings hold a retake every half minute, far denser than an
                // episode, and the cap only ever turns cuts into suggestions, so the figures are the evidence rules' own.
                var sounds = await Pronunciations.ForKeywordHitsAsync(services.GetRequiredService<IOptions<TranscriptionOptions>>().Value.DictionaryPath, transcript, cancellationToken);
                var plan = EditPlanner.Plan(
                    transcript, analysis.Silences, new EditPlanOptions { MaxAutomaticShare = null }, analysis.DurationSeconds, analysis.Pauses, WavSpeechAudio.Whole(speech), sounds);
                await File.WriteAllTextAsync(Path.ChangeExtension(recording.WavPath, ".plan.json"), plan.ToJson(), cancellationToken);
                await File.WriteAllTextAsync(Path.ChangeExtension(recording.WavPath, ".analysis.json"), analysis.ToJson(), cancellationToken);
                var foils = recording.Kind == "talk" ? NeighbourRatios(recording, WavSpeechAudio.Whole(speech)) : [];
                var score = EditScore.Of(recording, plan, transcript) with { NeighbourRatios = foils };
                progress.WriteLine($"    {clock.Elapsed.TotalSeconds,6:F0} s  {recording.Id}: {plan.Cuts.Count} cuts, {score.WronglyRemovedSeconds:F2} s of speech wrongly removed");
                return score;
            }
            finally
            {
                if (work is not null)
                {
                    Directory.Delete(work, recursive: true);
                }

                slots.Release();
            }
        }));
        return scores;
    }

    /// <summary>
    /// How much each sentence of ordinary talk sounds like the start of the next one (<see cref="AcousticRepeat.Ratio"/>):
    /// what the retake check would measure if a false marker stood between them. A ratio that passes the check is a retake
    /// the sound alone would wrongly confirm.
    /// </summary>
    private static List<double> NeighbourRatios(LabelledRecording recording, ISpeechAudio audio)
    {
        var spans = recording.Spans;
        var ratios = new List<double>();
        for (var i = 1; i + 1 < spans.Count; i++)
        {
            if (AcousticRepeat.Ratio(audio, spans[i].Start - 0.05, spans[i].End + 0.05, spans[i + 1].Start - 0.05) is { } ratio)
            {
                ratios.Add(Math.Round(ratio, 3));
            }
        }

        return ratios;
    }

    /// <summary>
    /// The recording's analysis, transcript and 16 kHz speech copy (in <paramref name="work"/>) as the inspect and
    /// transcribe steps make them. The decode runs every time (a second); the transcript is kept beside the recording per
    /// transcription settings.
    /// </summary>
    private static async Task<(RecordingAnalysis Analysis, Transcript Transcript, string Speech)> HeardAsync(IServiceProvider services, LabelledRecording recording, string work, CancellationToken cancellationToken)
    {
        var transcription = services.GetRequiredService<IOptions<TranscriptionOptions>>().Value;
        var settings = $"{HeardVersion}|{transcription.Keywords}|{transcription.KeywordFrameStep}";
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(settings)))[..10];
        var path = Path.ChangeExtension(recording.WavPath, $".heard-{hash}.json");
        var working = Path.Combine(work, "source.wav");
        var speech = Path.Combine(work, "speech.wav");
        var decoded = await services.GetRequiredService<AudioInspector>().InspectAndDecodeAsync(recording.WavPath, working, speech, cancellationToken);
        var analysis = new RecordingAnalysis(decoded.Info.DurationSeconds, decoded.Silences) { Pauses = decoded.Pauses };
        if (File.Exists(path))
        {
            return (analysis, Transcript.FromJson(await File.ReadAllTextAsync(path, cancellationToken)), speech);
        }

        var transcript = await services.GetRequiredService<ITranscriber>().TranscribeAsync(speech, work, cancellationToken);
        await File.WriteAllTextAsync(path, transcript.ToJson(), cancellationToken);
        return (analysis, transcript, speech);
    }
}
