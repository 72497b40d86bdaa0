using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Transcription;
using EpisodeBuilder.Media.Wav;

namespace EpisodeBuilder.Media.Tests;

/// <summary>Putting moments of the recording on the episode's clock, and chapters into the MP3.</summary>
public sealed class ChaptersAndClockTests(MediaFixture media) : IClassFixture<MediaFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Content_clock_says_where_the_cutter_put_a_sound()
    {
        // Silence with one short tone burst at 7.0 s; cuts before it move it earlier by what they removed (less crossfades).
        var source = _dir.File("burst.wav");
        MediaFixture.Ffmpeg($"-f lavfi -i anullsrc=r=44100:cl=mono -f lavfi -i sine=f=1000:d=0.1:r=44100 -filter_complex \"[1:a]adelay=7000[b];[0:a][b]amix=inputs=2:duration=first:normalize=0,atrim=0:10\" -ac 1 {source}");
        var output = _dir.File("cut.wav");

        var result = await media.Get<AudioCutter>().ApplyCutsAsync(source, 10, [new TimeRange(2, 3), new TimeRange(4.5, 6)], output, CancellationToken.None);

        var expected = result.Clock.ToContent(7.0)!.Value;
        // Kept: 0-2, 3-4.5, 6-10; 7.0 s is 1 s into the third piece, which starts after 2 + 1.5 s less two crossfades.
        Assert.Equal(4.5 - (2 * result.CrossfadeSeconds), expected, 6);
        Assert.InRange(FirstLoudSecond(output), expected - 0.005, expected + 0.005);
        Assert.Null(result.Clock.ToContent(2.5));
        Assert.Equal(result.Clock.ToContent(6.0)!.Value, result.Clock.ToContentOrNext(5.0)!.Value, 6);
        Assert.Null(result.Clock.ToContent(new TimeRange(2.9, 3.2)));
    }

    [Fact]
    public void Content_clock_survives_its_json()
    {
        var clock = new ContentClock([new TimeRange(0, 2), new TimeRange(3, 5)], 0.02);

        var read = ContentClock.FromJson(clock.ToJson());

        Assert.Equal(clock.ToContent(4.0), read.ToContent(4.0));
        Assert.Equal(2 + 1 - 0.02, read.ToContent(4.0)!.Value, 9);
    }

    [Fact]
    public void Transcript_on_the_episode_clock_drops_cut_words_and_moves_the_rest_past_what_comes_first()
    {
        var clock = new ContentClock([new TimeRange(0, 2), new TimeRange(3, 10)], 0);
        // Intro 5 s, content 0-4, a segment of 2 s, content 4-9, outro.
        var timeline = EpisodeTimeline.Lay([
            (TimelinePartKind.Intro, 5, null, 0), (TimelinePartKind.Content, 4, null, 0), (TimelinePartKind.Segment, 2, "ad", 0),
            (TimelinePartKind.Content, 5, null, 4), (TimelinePartKind.Outro, 3, null, 0)]);
        var recording = new Transcript("test", [
            new TranscriptWord("one", 0.5, 0.9, 1), new TranscriptWord("cut", 2.2, 2.6, 1), new TranscriptWord("two", 3.5, 3.9, 1), new TranscriptWord("three", 6.0, 6.5, 1)]);

        var episode = TranscriptRetimer.OnEpisodeClock(recording, clock, timeline);

        Assert.Equal(["one", "two", "three"], episode.Words.Select(w => w.Text));
        Assert.Equal(5.5, episode.Words[0].Start, 3);
        Assert.Equal(5 + 2.5, episode.Words[1].Start, 3);
        Assert.Equal(5 + 4 + 2 + (5.0 - 4), episode.Words[2].Start, 3);
        Assert.Equal(0.5, episode.Words[2].End - episode.Words[2].Start, 3);
    }

    [Fact]
    public void Chapters_follow_the_parts_of_the_episode()
    {
        var timeline = EpisodeTimeline.Lay([
            (TimelinePartKind.Intro, 8, null, 0), (TimelinePartKind.Segment, 20, "sponsor", 0), (TimelinePartKind.Content, 600, null, 0), (TimelinePartKind.Outro, 6, null, 0)]);
        var segments = new Dictionary<string, string> { ["sponsor"] = "This episode is brought to you by the moon." };

        var chapters = ChapterPlanner.Plan(timeline, "The Moon Landing", segments);

        Assert.Equal(
            [new Chapter(0, "Intro"), new Chapter(8, "This episode is brought to you by the moon."), new Chapter(28, "The Moon Landing"), new Chapter(628, "Outro")],
            chapters);
    }

    [Fact]
    public async Task Chapters_are_written_into_the_mp3_as_id3_chapters_that_ffprobe_reads_back()
    {
        var wav = MediaFixture.Tone(_dir.Path, "episode.wav", 12);
        var chapters = new[] { new Chapter(0, "Intro"), new Chapter(2.5, "Part one; \"quoted\" = fine"), new Chapter(9.25, "Outro") };
        var metadata = _dir.File("chapters.ffmetadata");
        await File.WriteAllTextAsync(metadata, ChapterMetadata.Write(chapters, 12));
        var mp3 = _dir.File("episode.mp3");

        await media.Get<Mp3Encoder>().EncodeAsync(wav, mp3, new EpisodeTags("Title", "Artist", "Album", null, "2026"), CancellationToken.None, chaptersMetadata: metadata);

        var read = await ProbeChaptersAsync(mp3);
        Assert.Equal(chapters.Select(c => c.Title), read.Select(c => c.Title));
        for (var i = 0; i < chapters.Length; i++)
        {
            Assert.InRange(read[i].Start, chapters[i].Start - 0.1, chapters[i].Start + 0.1);
            Assert.InRange(read[i].End, (i + 1 < chapters.Length ? chapters[i + 1].Start : 12) - 0.1, (i + 1 < chapters.Length ? chapters[i + 1].Start : 12) + 0.1);
        }

        // The ID3 tag holds a table of contents (CTOC) over the CHAP frames.
        var head = File.ReadAllBytes(mp3).AsSpan(0, 4096).ToArray();
        Assert.True(System.Text.Encoding.ASCII.GetString(head).Contains("CTOC", StringComparison.Ordinal), "no CTOC frame");
    }

    [Fact]
    public void Chapters_json_is_the_Podcasting_2_0_format_and_reads_back()
    {
        var json = ChaptersJson.Write([new Chapter(0, "Intro"), new Chapter(8.5, "Main")]);

        using var document = JsonDocument.Parse(json);
        Assert.Equal("1.2.0", document.RootElement.GetProperty("version").GetString());
        Assert.Equal(8.5, document.RootElement.GetProperty("chapters")[1].GetProperty("startTime").GetDouble());
        Assert.Equal([new Chapter(0, "Intro"), new Chapter(8.5, "Main")], ChaptersJson.Read(json));
    }

    private static async Task<List<(double Start, double End, string Title)>> ProbeChaptersAsync(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("ffprobe", $"-v error -print_format json -show_chapters {path}") { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        using var document = JsonDocument.Parse(output);
        return document.RootElement.GetProperty("chapters").EnumerateArray()
            .Select(c => (
                double.Parse(c.GetProperty("start_time").GetString()!, CultureInfo.InvariantCulture),
                double.Parse(c.GetProperty("end_time").GetString()!, CultureInfo.InvariantCulture),
                c.GetProperty("tags").GetProperty("title").GetString()!))
            .ToList();
    }

    /// <summary>The time of the first sample louder than -20 dBFS in a 16-bit mono WAV.</summary>
    private static double FirstLoudSecond(string wav)
    {
        var layout = WavLayout.Read(wav);
        using var stream = File.OpenRead(wav);
        stream.Position = layout.DataOffset;
        var buffer = new byte[layout.DataLength];
        stream.ReadExactly(buffer);
        for (var i = 0; i + 1 < buffer.Length; i += 2)
        {
            if (Math.Abs((short)(buffer[i] | (buffer[i + 1] << 8))) > 3277)
            {
                return (double)(i / 2) / layout.SampleRate;
            }
        }

        return double.NaN;
    }
}
