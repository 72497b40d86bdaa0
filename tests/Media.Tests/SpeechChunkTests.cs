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
    public void A_spotted_keyword_replaces_the_words_heard_in_its_place()
    {
        IReadOnlyList<TranscriptWord> words = [new("moon", 1.0, 1.4, 0.9), new("oh", 2.0, 2.3, 0.2), new("dear", 2.31, 2.5, 0.3), new("today", 3.0, 3.4, 0.9)];
        IReadOnlyList<TranscriptWord> hits = [new("flubber", 1.95, 2.45, 0.8), new("flubber", 2.0, 2.4, 0.7)];

        var merged = KeywordMerge.Into(words, hits);

        Assert.Equal(["moon", "flubber", "today"], merged.Select(w => w.Text));
        Assert.Equal(1.95, merged[1].Start);
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
            Assert.Contains(transcript.Words, w => w.Text == marker && w.Start < spoken.End && w.End > spoken.Start);
        }

        Assert.Equal(transcript.Words.OrderBy(w => w.Start), transcript.Words);
    }
}
