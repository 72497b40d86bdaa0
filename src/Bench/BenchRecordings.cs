using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EpisodeBuilder.Media;
using EpisodeBuilder.Media.Samples;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EpisodeBuilder.Bench;

/// <summary>
/// The inputs of a build benchmark, made once and kept in a folder so reruns skip making them: per length, generated
/// speech of a <see cref="BenchScript"/> (espeak-ng through <see cref="SampleRecordingGenerator"/>, the media
/// toolkit wired as production wires it), its script and exact transcript; an intro and an outro jingle. A recording
/// is keyed by its minutes, <see cref="Seed"/> and <see cref="GeneratorVersion"/>.
/// </summary>
public sealed class BenchRecordings(string folder, TextWriter progress)
{
    public const int Seed = 1969;

    /// <summary>Bump when the script or the generator changes what a recording holds: cached ones are then made again.</summary>
    public const int GeneratorVersion = 2;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Folder { get; } = Path.GetFullPath(folder);

    public async Task<BenchRecording> EnsureAsync(int minutes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var name = string.Create(CultureInfo.InvariantCulture, $"speech-{minutes}min-seed{Seed}-g{GeneratorVersion}");
        var metaPath = Path.Combine(Folder, name + ".json");
        if (File.Exists(metaPath) && JsonSerializer.Deserialize<RecordingMeta>(await File.ReadAllTextAsync(metaPath, cancellationToken), Json) is { } cached
            && File.Exists(Path.Combine(Folder, cached.Wav)))
        {
            progress.WriteLine($"==> {minutes} min: recording {Path.Combine(Folder, cached.Wav)} (cached)");
            return await WithJinglesAsync(cached, minutes, wasCached: true, cancellationToken);
        }

        progress.WriteLine($"==> {minutes} min: generating the recording (seed {Seed}, generator v{GeneratorVersion}; espeak-ng once per distinct word)");
        var clock = Stopwatch.StartNew();
        var work = Directory.CreateDirectory(Path.Combine(Folder, $"work-{name}-{Environment.ProcessId}")).FullName;
        try
        {
            await using var services = MediaServices();
            var generator = services.GetRequiredService<SampleRecordingGenerator>();
            var words = await WordSecondsAsync(generator, cancellationToken);
            var script = BenchScript.Build(minutes * 60.0, Seed, words);
            var wav = Path.Combine(work, "speech.wav");
            var recording = await generator.GenerateAsync(script.Phrases, wav, work, cancellationToken);

            File.Move(wav, Path.Combine(Folder, name + ".wav"), overwrite: true);
            await File.WriteAllLinesAsync(Path.Combine(Folder, name + ".script.txt"), script.Phrases.Select(ScriptLine), cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(Folder, name + ".transcript.json"), recording.Transcript.ToJson(), cancellationToken);
            var meta = new RecordingMeta(
                name + ".wav", name + ".script.txt", name + ".transcript.json", recording.DurationSeconds, script.ExpectedSeconds, recording.Transcript.Words.Count,
                script.Retakes, script.InternRequests, script.Fillers, script.LongPauses, clock.Elapsed.TotalSeconds);
            await File.WriteAllTextAsync(metaPath, JsonSerializer.Serialize(meta, Json), cancellationToken);
            progress.WriteLine(Invariant($"    {recording.DurationSeconds:F1} s of speech, {meta.Words} words, {meta.Retakes} retakes, {meta.InternRequests} intern requests, {meta.Fillers} fillers, {meta.LongPauses} long pauses ({clock.Elapsed.TotalSeconds:F0} s)"));
            return await WithJinglesAsync(meta, minutes, wasCached: false, cancellationToken);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private async Task<BenchRecording> WithJinglesAsync(RecordingMeta meta, int minutes, bool wasCached, CancellationToken cancellationToken)
    {
        var intro = Path.Combine(Folder, $"intro-g{GeneratorVersion}.wav");
        var outro = Path.Combine(Folder, $"outro-g{GeneratorVersion}.wav");
        if (!File.Exists(intro) || !File.Exists(outro))
        {
            await using var services = MediaServices();
            var generator = services.GetRequiredService<SampleRecordingGenerator>();
            await JingleAsync(generator, intro, 4.0, [523, 659, 784, 1047], cancellationToken);
            await JingleAsync(generator, outro, 3.0, [784, 659, 523], cancellationToken);
        }

        return new BenchRecording(
            minutes, Path.Combine(Folder, meta.Wav), Path.Combine(Folder, meta.Script), Path.Combine(Folder, meta.Transcript), intro, outro,
            meta.DurationSeconds, meta.Words, meta.Retakes, meta.InternRequests, meta.Fillers, meta.LongPauses, wasCached, meta.GenerateSeconds);
    }

    /// <summary>
    /// How long each word of the vocabulary lasts once synthesised and trimmed, from one recording that says each once
    /// (kept beside the recordings), so a script can be cut to length before the real recording is made.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, double>> WordSecondsAsync(SampleRecordingGenerator generator, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Folder, $"word-seconds-g{GeneratorVersion}.json");
        if (File.Exists(path) && JsonSerializer.Deserialize<Dictionary<string, double>>(await File.ReadAllTextAsync(path, cancellationToken)) is { } known
            && BenchScript.Vocabulary.All(known.ContainsKey))
        {
            return known;
        }

        progress.WriteLine($"    measuring the {BenchScript.Vocabulary.Count} words of the vocabulary once");
        var work = Directory.CreateDirectory(Path.Combine(Folder, $"work-words-{Environment.ProcessId}")).FullName;
        try
        {
            var recording = await generator.GenerateAsync(BenchScript.Vocabulary, Path.Combine(work, "words.wav"), work, cancellationToken);
            var seconds = recording.Transcript.Words.ToDictionary(w => w.Text, w => w.End - w.Start, StringComparer.Ordinal);
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(seconds, Json), cancellationToken);
            return seconds;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private async Task JingleAsync(SampleRecordingGenerator generator, string path, double seconds, IReadOnlyList<int> frequencies, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Folder, $"{Path.GetFileNameWithoutExtension(path)}-{Environment.ProcessId}.tmp.wav");
        await generator.JingleAsync(temp, seconds, frequencies, cancellationToken);
        File.Move(temp, path, overwrite: true);
    }

    private static ServiceProvider MediaServices() =>
        new ServiceCollection().AddLogging().AddEpisodeMedia(new ConfigurationBuilder().Build()).AddSampleRecordings().BuildServiceProvider();

    private static string ScriptLine(SamplePhrase phrase) =>
        phrase.PauseAfterSeconds == SampleRecordingGenerator.PhrasePauseSeconds
            ? phrase.Text
            : Invariant($"{phrase.Text}   [pause {phrase.PauseAfterSeconds:0.0} s]");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record RecordingMeta(
        string Wav, string Script, string Transcript, double DurationSeconds, double ExpectedSeconds, int Words,
        int Retakes, int InternRequests, int Fillers, int LongPauses, double GenerateSeconds);
}

/// <summary>One length's inputs: the speech (and its script and transcript), the jingles, and what the script holds.</summary>
public sealed record BenchRecording(
    int Minutes,
    string Wav,
    string Script,
    string Transcript,
    string Intro,
    string Outro,
    double DurationSeconds,
    int Words,
    int Retakes,
    int InternRequests,
    int Fillers,
    int LongPauses,
    bool Cached,
    double GenerateSeconds);
