using System.Diagnostics;
using System.Text.Json;

namespace EpisodeBuilder.Bench.Edits;

/// <summary>
/// Speaks a <see cref="RecordingSpec"/> and assembles it into a 44.1 kHz mono WAV whose every spoken stretch is known:
/// each utterance is spoken on its own, trimmed of its silence, brought to the same level (fillers a little quieter) and
/// laid on a timeline with the script's pauses; noise or a music bed is then mixed under the whole recording. Kept in a
/// folder, keyed by the spec and <see cref="Version"/>, so reruns only read them.
/// </summary>
public sealed class LabelledRecordingMaker(string folder)
{
    /// <summary>Bump when the assembly changes what a recording holds.</summary>
    public const int Version = 1;

    public const int SampleRate = 44100;

    private const double SpeechRmsDb = -20;
    private const double FillerRmsDb = -23;
    private const double NoiseRmsDb = -52;
    private const double MusicRmsDb = -34;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<LabelledRecording> EnsureAsync(RecordingSpec spec, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var name = FileName(spec.Id) + $"-v{Version}";
        var wav = Path.Combine(folder, name + ".wav");
        var labels = Path.Combine(folder, name + ".json");
        if (File.Exists(wav) && File.Exists(labels)
            && JsonSerializer.Deserialize<LabelledRecording>(await File.ReadAllTextAsync(labels, cancellationToken), Json) is { } cached)
        {
            return cached with { WavPath = wav };
        }

        var work = Directory.CreateDirectory(Path.Combine(folder, $"work-{name}-{Environment.ProcessId}")).FullName;
        try
        {
            var samples = new List<float>();
            var spans = new List<LabelledSpan>();
            AddSilence(samples, 0.6);
            for (var i = 0; i < spec.Items.Count; i++)
            {
                var item = spec.Items[i];
                var spoken = await SpeakAsync(spec.Voice, item, Path.Combine(work, $"u{i}"), cancellationToken);
                var start = samples.Count / (double)SampleRate;
                samples.AddRange(spoken);
                spans.Add(new LabelledSpan(item.Kind, Math.Round(start, 4), Math.Round(samples.Count / (double)SampleRate, 4), item.Text.Replace(",", string.Empty, StringComparison.Ordinal)));
                AddSilence(samples, item.PauseAfterSeconds);
            }

            AddSilence(samples, 0.6);
            var audio = samples.ToArray();
            MixBed(audio, spec.Condition, EditCorpus.Seed + spec.Id.Length);
            var temp = wav + ".tmp";
            WriteWav(temp, audio);
            File.Move(temp, wav, overwrite: true);
            var recording = new LabelledRecording(
                spec.Id, spec.Voice.Id, spec.Voice.HeldOut, spec.Texts.Name, spec.Kind, spec.Condition, spec.Rate, wav, audio.Length / (double)SampleRate, spans);
            await File.WriteAllTextAsync(labels, JsonSerializer.Serialize(recording, Json), cancellationToken);
            return recording;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>One utterance, spoken, resampled, trimmed of leading and trailing silence and levelled.</summary>
    private static async Task<float[]> SpeakAsync(BenchVoice voice, ScriptItem item, string stem, CancellationToken cancellationToken)
    {
        var spoken = stem + ".wav";
        var raw = stem + ".raw";
        await voice.SpeakAsync(item.Text, item.Rate, spoken, cancellationToken);
        await RunAsync("ffmpeg", ["-v", "error", "-y", "-i", spoken, "-ac", "1", "-ar", SampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", "f32le", raw], cancellationToken);
        var bytes = await File.ReadAllBytesAsync(raw, cancellationToken);
        var samples = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 4);
        var trimmed = Trim(samples);
        var rms = Math.Sqrt(trimmed.Average(s => (double)s * s));
        var gain = (float)(Math.Pow(10, (item.Kind == SpanKind.Filler ? FillerRmsDb : SpeechRmsDb) / 20) / Math.Max(rms, 1e-9));
        return trimmed.Select(s => s * gain).ToArray();
    }

    /// <summary>Drops what lies before the first and after the last 5 ms window louder than -50 dBFS.</summary>
    private static float[] Trim(float[] samples)
    {
        const int window = SampleRate / 200;
        var threshold = Math.Pow(10, -50 / 20.0);
        bool Loud(int at) => samples.Skip(at).Take(window).Any(s => Math.Abs(s) > threshold);
        var first = 0;
        while (first < samples.Length && !Loud(first))
        {
            first += window;
        }

        var last = samples.Length - window;
        while (last > first && !Loud(last))
        {
            last -= window;
        }

        return samples[first..Math.Min(samples.Length, last + window)];
    }

    private static void AddSilence(List<float> samples, double seconds) =>
        samples.AddRange(new float[(int)Math.Round(seconds * SampleRate)]);

    /// <summary>Adds pink noise or a music bed (chords with a soft beat) under the whole recording.</summary>
    private static void MixBed(float[] audio, string condition, int seed)
    {
        if (condition == "clean")
        {
            return;
        }

        var bed = new float[audio.Length];
        var random = new Random(seed);
        if (condition == "noise")
        {
            // Paul Kellet's economical pink filter over white noise.
            double b0 = 0, b1 = 0, b2 = 0;
            for (var i = 0; i < bed.Length; i++)
            {
                var white = (random.NextDouble() * 2) - 1;
                b0 = (0.99765 * b0) + (white * 0.0990460);
                b1 = (0.96300 * b1) + (white * 0.2965164);
                b2 = (0.57000 * b2) + (white * 1.0526913);
                bed[i] = (float)(b0 + b1 + b2 + (white * 0.1848));
            }
        }
        else
        {
            double[][] chords = [[220, 277.18, 329.63], [196, 246.94, 293.66], [174.61, 220, 261.63], [196, 246.94, 311.13]];
            for (var i = 0; i < bed.Length; i++)
            {
                var t = i / (double)SampleRate;
                var chord = chords[(int)(t / 4) % chords.Length];
                var pad = chord.Sum(f => Math.Sin(2 * Math.PI * f * t)) * (0.8 + (0.2 * Math.Sin(2 * Math.PI * 0.5 * t)));
                var beat = t % 0.5;
                var kick = Math.Sin(2 * Math.PI * 60 * beat) * Math.Exp(-beat * 18) * 2.5;
                bed[i] = (float)(pad + kick);
            }
        }

        var rms = Math.Sqrt(bed.Average(s => (double)s * s));
        var gain = Math.Pow(10, (condition == "noise" ? NoiseRmsDb : MusicRmsDb) / 20) / rms;
        for (var i = 0; i < audio.Length; i++)
        {
            audio[i] += (float)(bed[i] * gain);
        }
    }

    private static void WriteWav(string path, float[] audio)
    {
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        var dataBytes = audio.Length * 2;
        writer.Write("RIFF"u8);
        writer.Write(36 + dataBytes);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(SampleRate);
        writer.Write(SampleRate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(dataBytes);
        foreach (var sample in audio)
        {
            writer.Write((short)Math.Clamp(Math.Round(sample * 32767), short.MinValue, short.MaxValue));
        }
    }

    private static async Task RunAsync(string tool, string[] arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {tool}");
        var error = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed: {error}");
        }
    }

    private static string FileName(string id) =>
        new(id.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_').ToArray());
}
