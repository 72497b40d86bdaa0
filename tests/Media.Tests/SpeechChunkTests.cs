using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Samples;
using EpisodeBuilder.Media.Transcription;

namespace EpisodeBuilder.Media.Tests;

public sealed class SpeechChunkTests(MediaFixture media) : IClassFixture<MediaFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Chunks_cover_the_recording_and_meet_in_the_middle_of_pauses()
    {
        // A pause every 7 s: boundaries must land in the middle of one of them.
        var pauses = Enumerable.Range(1, 85).Select(i => new TimeRange((i * 7.0) - 0.6, i * 7.0)).ToList();

        var chunks = SpeechChunkPlanner.Plan(600, pauses, chunkSeconds: 120, parallelism: 2);

        Assert.Equal(6, chunks.Count);
        Assert.Equal(0, chunks[0].Start);
        Assert.Equal(600, chunks[^1].End);
        for (var i = 1; i < chunks.Count; i++)
        {
            Assert.Equal(chunks[i - 1].End, chunks[i].Start);
            Assert.Contains(pauses, p => Math.Abs(((p.Start + p.End) / 2) - chunks[i].Start) < 1e-6);
        }

        Assert.All(chunks, c => Assert.InRange(c.Duration, 93, 107));
    }

    [Theory]
    [InlineData(600, 120, 1, 5)]
    [InlineData(600, 120, 2, 6)]
    [InlineData(3600, 120, 2, 30)]
    [InlineData(3600, 120, 8, 32)]
    [InlineData(50, 120, 2, 1)]
    public void The_chunk_count_is_a_multiple_of_the_parallelism(double duration, double chunkSeconds, int parallelism, int expected)
    {
        var chunks = SpeechChunkPlanner.Plan(duration, [], chunkSeconds, parallelism);

        Assert.Equal(expected, chunks.Count);
        Assert.Equal(duration, chunks.Sum(c => c.Duration), 6);
    }

    [Fact]
    public void Two_hits_of_one_utterance_are_kept_once_the_more_probable()
    {
        IReadOnlyList<TranscriptWord> hits = [new("flubber", 2.0, 2.4, 0.7), new("flubber", 1.95, 2.45, 0.8), new("intern", 5.0, 5.3, 0.9)];

        var distinct = KeywordHits.Distinct(hits);

        Assert.Equal([(1.95, 0.8), (5.0, 0.9)], distinct.Select(h => (h.Start, h.Confidence)));
    }

    [Fact]
    public void An_utterance_PocketSphinx_never_closed_and_timed_past_the_next_one_is_dropped()
    {
        // Heard under a music bed: the utterance opened at 24.87 s has no </s>, and its words run to 36.8 s although the
        // next utterance starts at 29.47 s (its words are the take and "flubber" of 17.5-28.9 s, shifted by seven seconds);
        // the last utterance hears again a word the one before it kept.
        const string output = """
            <s> 0.000 0.020 0.999600
            it 0.600 0.800 0.900000
            snowed 0.810 1.200 0.900000
            </s> 16.800 17.300 1.000000
            <s> 24.870 24.930 0.999300
            the 24.940 25.100 0.500000
            farm 32.610 33.120 0.556678
            blubber 35.060 36.290 1.000000
            boob 36.340 36.800 1.000000
            a farm is about an hour south of the city
            <s> 29.470 29.490 1.000100
            a 29.500 29.520 0.148924
            farm 29.530 30.080 0.354191
            </s> 32.760 33.060 1.000000
            <s> 33.360 33.450 0.999900
            one 33.460 33.790 0.577548
            </s> 37.620 37.940 1.000000
            <s> 33.400 33.450 0.999900
            one 33.500 33.700 0.577548
            </s> 37.620 37.940 1.000000
            """;

        var words = PocketSphinxTranscriber.Parse(output);

        Assert.Equal(["it", "snowed", "a", "farm", "one"], words.Select(w => w.Text));
        Assert.Equal(words.OrderBy(w => w.Start).Select(w => w.Start), words.Select(w => w.Start));
    }

    [Fact]
    public async Task Keyword_spotting_hears_flubber_and_intern_in_generated_speech()
    {
        var recording = await media.Get<SampleRecordingGenerator>().GenerateAsync(SampleRecordingGenerator.FlubberScript, _dir.File("flubber.wav"), _dir.Path, CancellationToken.None);
        var truth = recording.Transcript.Words;

        var transcript = await media.Get<ITranscriber>().TranscribeAsync(recording.WavPath, _dir.Path, CancellationToken.None);

        foreach (var marker in new[] { "flubber", "intern" })
        {
            var spoken = truth.Single(w => w.Text == marker);
            Assert.Contains(transcript.KeywordHits!, w => w.Text == marker && w.Start < spoken.End && w.End > spoken.Start);
        }

        // The hits stay beside the recogniser's words: "flubber" is not a word of its language model.
        Assert.DoesNotContain(transcript.Words, w => w.Text == "flubber");
        Assert.Equal(transcript.Words.OrderBy(w => w.Start), transcript.Words);
    }
}
