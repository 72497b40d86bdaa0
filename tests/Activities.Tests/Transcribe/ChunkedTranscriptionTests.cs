using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.InspectUpload;
using EpisodeBuilder.Activities.Tests.Infrastructure;
using EpisodeBuilder.Activities.Transcribe;
using EpisodeBuilder.Activities.TranscribeChunk;
using EpisodeBuilder.Api.Hosting;
using EpisodeBuilder.Media;
using EpisodeBuilder.Media.Samples;
using EpisodeBuilder.Media.Transcription;
using EpisodeBuilder.Storage;
using Xunit.Abstractions;

namespace EpisodeBuilder.Activities.Tests.Transcribe;

[Collection(StorageCollection.Name)]
public sealed class ChunkedTranscriptionTests(StorageFixture storage, ITestOutputHelper output) : IDisposable
{
    /// <summary>Ninety seconds of varied speech in phrases, so chunk boundaries fall between many different words.</summary>
    public static IReadOnlyList<string> Script { get; } =
    [
        "welcome back to the garden hour", "today we plant tomatoes in the spring", "the soil should be warm and loose",
        "water them early in the morning", "a little compost goes a long way", "now let us talk about peppers",
        "peppers like the sun and a lot of heat", "pick them when they are bright and firm", "our first caller is from the north",
        "she grows beans along the fence", "beans climb fast when the nights are warm", "thank you for the question",
        "next week we look at potatoes", "keep your tools clean and sharp", "that is all for this hour",
        "welcome back to the garden hour", "the soil should be warm and loose", "pick them when they are bright and firm",
        "our first caller is from the north", "thank you for the question", "keep your tools clean and sharp",
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("chunked-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Chunked_transcription_matches_a_serial_one_without_losing_or_duplicating_words_and_reads_each_chunk_once()
    {
        await using var services = await storage.CreateServicesAsync((s, c) => s.AddEpisodeBuilder(c).AddSampleRecordings(), new() { ["Transcription:ChunkSeconds"] = "20", ["Transcription:Parallelism"] = "2" });
        var store = services.Get<ObjectStore>();
        var recording = await services.Get<SampleRecordingGenerator>().GenerateAsync(Script, Path.Combine(_dir, "talk.wav"), _dir, CancellationToken.None);
        var upload = ObjectKeys.Upload("carol", "talk.wav");
        await store.UploadFileAsync(recording.WavPath, upload, "audio/wav");
        var build = new BuildRef("carol", "ep1", "carol.ep1.chunked");

        var inspected = await services.Get<InspectUploadActivity>().RunAsync(new InspectUploadInput(build, upload), CancellationToken.None);
        var chunks = await Task.WhenAll(inspected.SpeechChunks.Select((range, i) =>
            services.Get<TranscribeChunkActivity>().RunAsync(new TranscribeChunkInput(build, inspected.SpeechKey, i, range), CancellationToken.None)));
        var joined = await services.Get<TranscribeActivity>().RunAsync(new TranscribeInput(build, null, chunks.Select(c => c.ChunkKey).ToList()), CancellationToken.None);
        var chunked = Transcript.FromJson((await store.ReadTextAsync(joined.TranscriptKey, CancellationToken.None))!.Value.Text).Words;

        var speech = Path.Combine(_dir, "speech.wav");
        await store.DownloadToFileAsync(inspected.SpeechKey, speech, CancellationToken.None);
        var serial = (await services.Get<ITranscriber>().TranscribeAsync(speech, _dir, CancellationToken.None)).Words;

        output.WriteLine($"{inspected.SpeechChunks.Count} chunks: {string.Join(", ", inspected.SpeechChunks.Select(c => $"{c.Start:0.00}-{c.End:0.00}"))}");
        output.WriteLine($"serial  ({serial.Count}): {string.Join(' ', serial.Select(w => w.Text))}");
        output.WriteLine($"chunked ({chunked.Count}): {string.Join(' ', chunked.Select(w => w.Text))}");

        // Several chunks, each boundary inside a pause of the recording (between the generator's words).
        Assert.InRange(inspected.SpeechChunks.Count, 4, 8);
        var spoken = recording.Transcript.Words;
        foreach (var boundary in inspected.SpeechChunks.Skip(1).Select(c => c.Start))
        {
            Assert.DoesNotContain(spoken, w => w.Start < boundary && w.End > boundary);
        }

        // Nothing duplicated: words are in order and never overlap, even where chunks meet.
        for (var i = 1; i < chunked.Count; i++)
        {
            Assert.True(chunked[i].Start >= chunked[i - 1].End - 0.011, $"'{chunked[i - 1].Text}' and '{chunked[i].Text}' overlap at {chunked[i].Start}");
        }

        // Nothing lost: PocketSphinx's words for synthetic speech shift with the smallest change of context (even where the
        // first chunk and the whole file start alike), so words are compared by where they were heard. Every spoken word
        // near a boundary that the serial run heard something at, the chunked run heard something at too.
        static bool Heard(IReadOnlyList<TranscriptWord> words, TranscriptWord spoken) =>
            words.Any(w => w.Start < spoken.End && w.End > spoken.Start);
        foreach (var boundary in inspected.SpeechChunks.Skip(1).Select(c => c.Start))
        {
            var near = spoken.Where(w => Math.Abs(w.Start - boundary) < 3 && Heard(serial, w)).ToList();
            Assert.NotEmpty(near);
            Assert.All(near, w => Assert.True(Heard(chunked, w), $"'{w.Text}' at {w.Start:0.00} s, next to the boundary at {boundary:0.00} s, was lost"));
        }

        // And overall they hear as much: about as many words, covering as much of what was said.
        var coverage = (Serial: spoken.Count(w => Heard(serial, w)) / (double)spoken.Count, Chunked: spoken.Count(w => Heard(chunked, w)) / (double)spoken.Count);
        output.WriteLine($"spoken words heard: serial {coverage.Serial:P0}, chunked {coverage.Chunked:P0}; word agreement {Agreement(serial, chunked):P0}");
        Assert.InRange(chunked.Count, serial.Count * 0.9, serial.Count * 1.1);
        Assert.True(coverage.Chunked >= coverage.Serial - 0.03, $"chunked heard {coverage.Chunked:P0} of the spoken words, serial {coverage.Serial:P0}");

        // Each chunk read only its range of the speech copy (plus its warm-up and a header): with this test's own download
        // of the whole file for the serial run, about twice the file in all.
        var size = (await store.GetAsync(inspected.SpeechKey, CancellationToken.None))!.Size;
        var sent = storage.Emulator.Downloads.BytesSent(services.Bucket, inspected.SpeechKey);
        var perChunk = 4096 + (5 * 16000 * 2);
        Assert.InRange(sent, size * 1.99, (size * 2) + (inspected.SpeechChunks.Count * perChunk));
    }

    /// <summary>Share of the serial words found in the chunked ones in order (longest common subsequence of texts), reported only.</summary>
    private static double Agreement(IReadOnlyList<TranscriptWord> serial, IReadOnlyList<TranscriptWord> chunked)
    {
        var table = new int[serial.Count + 1, chunked.Count + 1];
        for (var i = 1; i <= serial.Count; i++)
        {
            for (var j = 1; j <= chunked.Count; j++)
            {
                table[i, j] = serial[i - 1].Text == chunked[j - 1].Text ? table[i - 1, j - 1] + 1 : Math.Max(table[i - 1, j], table[i, j - 1]);
            }
        }

        return (double)table[serial.Count, chunked.Count] / Math.Max(1, serial.Count);
    }
}
