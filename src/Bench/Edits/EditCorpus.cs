namespace EpisodeBuilder.Bench.Edits;

/// <summary>One utterance of a recording's script: what kind it is, its text, its speed and the silence after it.</summary>
public sealed record ScriptItem(SpanKind Kind, string Text, double Rate, double PauseAfterSeconds);

/// <summary>The script of one labelled recording, before it is spoken.</summary>
public sealed record RecordingSpec(string Id, BenchVoice Voice, EditCorpusTexts Texts, string Kind, string Condition, double Rate, IReadOnlyList<ScriptItem> Items);

/// <summary>
/// The edit benchmark's recordings, the same on every run: per voice, two of ordinary talk (no marker word), one clean
/// and one under noise or a music bed, and four with retakes, an intern request and fillers, two clean, one under noise
/// and one under a music bed; speaking rates from slow to fast. Tuning voices speak the tuning texts, held-out voices the held-out texts.
/// </summary>
public static class EditCorpus
{
    public const int Seed = 2026;

    private static readonly double[] Rates = [0.85, 1.0, 1.15];

    public static IReadOnlyList<RecordingSpec> Build(IReadOnlyList<BenchVoice> voices)
    {
        var specs = new List<RecordingSpec>();
        for (var v = 0; v < voices.Count; v++)
        {
            var voice = voices[v];
            var texts = voice.HeldOut ? EditCorpusTexts.HeldOut : EditCorpusTexts.Tuning;
            var noisy = v % 2 == 0 ? "noise" : "music";
            var other = noisy == "noise" ? "music" : "noise";

            // The rate step sets the speaking rate, so no voice speaks two recordings of one kind and condition alike.
            (string Kind, string Condition, int RateStep)[] recordings =
                [("talk", "clean", 0), ("talk", noisy, 1), ("edits", "clean", 2), ("edits", other, 3), ("edits", noisy, 4), ("edits", "clean", 6)];
            for (var r = 0; r < recordings.Length; r++)
            {
                var (kind, condition, step) = recordings[r];
                var random = new Random(Seed + (v * 17) + (r * 5));
                var rate = Rates[(v + step) % Rates.Length];
                var items = kind == "talk" ? Talk(texts, rate, random) : Edits(texts, rate, random);
                var id = $"{voice.Engine}:{voice.Name}/{kind}-{condition}@{rate:0.00}";
                specs.Add(new RecordingSpec(id, voice, texts, kind, condition, rate, items));
            }
        }

        return specs;
    }

    /// <summary>Twelve sentences of ordinary talk, one long pause among them.</summary>
    private static List<ScriptItem> Talk(EditCorpusTexts texts, double rate, Random random)
    {
        var sentences = Shuffled(texts.Talk, random).Take(12).ToList();
        var longPause = random.Next(3, 9);
        return sentences.Select((s, i) => new ScriptItem(SpanKind.Talk, s, rate, i == longPause ? 2.5 + random.NextDouble() : Pause(random))).ToList();
    }

    /// <summary>
    /// Eight sentences of talk with two retakes (a take, "flubber", the take again, slower and often changed), one intern
    /// request and two sentences split around a filler, in a shuffled order, and one long pause.
    /// </summary>
    private static List<ScriptItem> Edits(EditCorpusTexts texts, double rate, Random random)
    {
        var blocks = new List<List<ScriptItem>>();
        foreach (var sentence in Shuffled(texts.Talk, random).Take(8))
        {
            blocks.Add([new ScriptItem(SpanKind.Talk, sentence, rate, Pause(random))]);
        }

        foreach (var retake in Shuffled(texts.Retakes, random).Take(2))
        {
            blocks.Add(
            [
                new ScriptItem(SpanKind.FirstTake, retake.Take, rate, MarkerPause(random)),
                new ScriptItem(SpanKind.Flubber, "flubber", rate, MarkerPause(random)),
                new ScriptItem(SpanKind.Retake, retake.Retake, rate * 0.93, Pause(random)),
            ]);
        }

        var request = texts.InternRequests[random.Next(texts.InternRequests.Count)];
        blocks.Add([new ScriptItem(SpanKind.Intern, "intern, " + request["intern ".Length..], rate, Pause(random))]);
        foreach (var (before, after) in Shuffled(texts.FillerSplits, random).Take(2))
        {
            blocks.Add(
            [
                new ScriptItem(SpanKind.Talk, before, rate, Gap(random)),
                new ScriptItem(SpanKind.Filler, random.Next(2) == 0 ? "um" : "uh", rate, Gap(random)),
                new ScriptItem(SpanKind.Talk, after, rate, Pause(random)),
            ]);
        }

        // The first block is talk, so no recording opens with a marker.
        var ordered = new List<List<ScriptItem>> { blocks[0] };
        ordered.AddRange(Shuffled(blocks.Skip(1).ToList(), random));
        var items = ordered.SelectMany(b => b).ToList();
        var longPause = items.FindIndex(random.Next(2, items.Count - 2), i => i.Kind == SpanKind.Talk);
        if (longPause >= 0)
        {
            items[longPause] = items[longPause] with { PauseAfterSeconds = 2.5 + random.NextDouble() };
        }

        return items;
    }

    /// <summary>A pause between sentences.</summary>
    private static double Pause(Random random) => 0.35 + (random.NextDouble() * 0.55);

    /// <summary>The pause before and after a spoken "flubber": sometimes brief.</summary>
    private static double MarkerPause(Random random) => 0.3 + (random.NextDouble() * 0.5);

    /// <summary>The hesitation around a filler.</summary>
    private static double Gap(Random random) => 0.08 + (random.NextDouble() * 0.12);

    private static List<T> Shuffled<T>(IReadOnlyList<T> items, Random random)
    {
        var copy = items.ToList();
        for (var i = copy.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }

        return copy;
    }
}
