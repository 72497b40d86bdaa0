using EpisodeBuilder.Media.Samples;

namespace EpisodeBuilder.Bench;

/// <summary>
/// The seeded script of a benchmark recording: everyday podcast talk drawn from <see cref="Sentences"/>, an "um" or
/// "uh" now and then, a retake ("flubber" between a false start and the full sentence) about every 2 minutes, an
/// "intern ..." request about every 5 minutes and a pause of 2-4 s about every 45 seconds, until the timeline reaches
/// the asked length. The same seed and word durations give the same script.
/// </summary>
public static class BenchScript
{
    public const string Flubber = "flubber";

    /// <summary>Everyday podcast sentences, lower case and spelled out, so espeak-ng and PocketSphinx agree on every word.</summary>
    public static IReadOnlyList<string> Sentences { get; } =
    [
        "welcome back to the show everybody",
        "today we are talking about how to start a vegetable garden",
        "my guest this week has been growing tomatoes for twenty years",
        "before we get going a quick thank you to everyone who wrote in",
        "the first thing you need is a sunny spot in your yard",
        "i tried this last spring and most of my seeds never came up",
        "the trick is to keep the soil moist but not soaking wet",
        "so what made you want to write a book about it",
        "honestly it started as a way to save money on groceries",
        "we have a great question from a listener in ohio",
        "she wants to know if she can grow herbs on a small balcony",
        "the short answer is yes as long as the pots drain well",
        "basil and mint are the easiest ones to start with",
        "mint will take over everything if you let it",
        "let us take a short break and we will be right back",
        "and we are back with the second half of the episode",
        "i want to talk a little bit about composting",
        "coffee grounds and egg shells are perfect for the pile",
        "you should turn it over every week or two",
        "it smells a lot better than people think",
        "my neighbor complained the first summer but now he asks for some",
        "that is a great story",
        "what is the biggest mistake new gardeners make",
        "planting everything at once and then getting bored in july",
        "start small and add one new bed each year",
        "water early in the morning before it gets hot",
        "the plants can drink before the sun comes up",
        "if you water at night the leaves stay wet and get sick",
        "i never knew that until this conversation",
        "where can people find your book",
        "it is in most libraries and at the shop down the street",
        "we will put a link in the show notes",
        "next week we are talking about keeping chickens in the city",
        "if you have questions send them our way",
        "you can also leave us a review which really helps",
        "my kids help in the garden on weekends",
        "they mostly eat the strawberries before we pick them",
        "thanks again for coming on the show",
        "it was a real pleasure to be here",
        "take care of yourselves and your gardens",
    ];

    /// <summary>Requests to the intern, each a review marker the build cuts from the episode.</summary>
    public static IReadOnlyList<string> InternRequests { get; } =
    [
        "intern add a drum roll here",
        "intern add some applause here",
        "intern put the theme music under this part",
        "intern check that number for me",
        "intern bleep that last word",
    ];

    public static IReadOnlyList<string> Fillers { get; } = ["um", "uh"];

    /// <summary>Every distinct word a script can contain: what a calibration recording says once each.</summary>
    public static IReadOnlyList<string> Vocabulary =>
        Sentences.Concat(InternRequests).Concat(Fillers).Append(Flubber)
            .SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>Builds a script of at least <paramref name="seconds"/> from the known duration of each word.</summary>
    public static BenchScriptResult Build(double seconds, int seed, IReadOnlyDictionary<string, double> wordSeconds)
    {
        var random = new Random(seed);
        var phrases = new List<SamplePhrase>();
        var cursor = SampleRecordingGenerator.PhrasePauseSeconds;
        var nextRetake = 60.0 + Jitter(random, 15);
        var nextIntern = 100.0 + Jitter(random, 20);
        var nextLongPause = 25.0 + Jitter(random, 10);
        var retakes = 0;
        var interns = 0;
        var fillers = 0;
        var longPauses = 0;
        var previous = -1;

        void Say(string text, double pauseAfter = SampleRecordingGenerator.PhrasePauseSeconds)
        {
            phrases.Add(new SamplePhrase(text, pauseAfter));
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            cursor += words.Sum(w => wordSeconds.TryGetValue(w, out var d) ? d : throw new KeyNotFoundException($"no duration for the word '{w}'"));
            cursor += ((words.Length - 1) * SampleRecordingGenerator.WordGapSeconds) + pauseAfter;
        }

        while (cursor < seconds)
        {
            int pick;
            do
            {
                pick = random.Next(Sentences.Count);
            }
            while (pick == previous);
            previous = pick;
            var sentence = Sentences[pick];

            if (cursor >= nextRetake)
            {
                // A false start, the marker, then the whole sentence again.
                var words = sentence.Split(' ');
                Say(string.Join(' ', words.Take(random.Next(2, words.Length - 1))));
                Say(Flubber);
                Say(sentence);
                retakes++;
                nextRetake += 120 + Jitter(random, 15);
                continue;
            }

            if (cursor >= nextIntern)
            {
                Say(InternRequests[interns % InternRequests.Count]);
                interns++;
                nextIntern += 300 + Jitter(random, 20);
                continue;
            }

            if (random.NextDouble() < 0.25)
            {
                var words = sentence.Split(' ').ToList();
                words.Insert(random.Next(0, Math.Max(1, words.Count - 1)), Fillers[random.Next(Fillers.Count)]);
                sentence = string.Join(' ', words);
                fillers++;
            }

            var pause = SampleRecordingGenerator.PhrasePauseSeconds;
            if (cursor >= nextLongPause)
            {
                // 2, 2.5, ... 4 s: a few distinct silences, each longer than the build's 1.5 s limit.
                pause = 2 + (0.5 * random.Next(5));
                longPauses++;
                nextLongPause += 45 + Jitter(random, 15);
            }

            Say(sentence, pause);
        }

        return new BenchScriptResult(phrases, cursor, retakes, interns, fillers, longPauses);
    }

    private static double Jitter(Random random, double seconds) => ((random.NextDouble() * 2) - 1) * seconds;
}

/// <summary>A built script, how long its timeline is expected to last, and what it holds for the edit planner to find.</summary>
public sealed record BenchScriptResult(
    IReadOnlyList<SamplePhrase> Phrases,
    double ExpectedSeconds,
    int Retakes,
    int InternRequests,
    int Fillers,
    int LongPauses);
