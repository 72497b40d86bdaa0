using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Samples;
using EpisodeBuilder.Media.Wav;

namespace EpisodeBuilder.Media.Tests;

public sealed class AcousticRepeatTests(MediaFixture media) : IClassFixture<MediaFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("repeat-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_take_said_again_sounds_like_it_and_a_different_sentence_does_not()
    {
        string[] phrases =
        [
            "the bread is ready around six in the morning",
            "we moved the database to a new machine",
            "flubber",
            "we moved the database to a bigger machine on tuesday",
            "our next guest has run a bakery for twenty years",
            "she told me the hardest part is hiring good people",
        ];
        var recording = await media.Get<SampleRecordingGenerator>().GenerateAsync(phrases, Path.Combine(_dir, "takes.wav"), _dir, CancellationToken.None);
        var speech = Path.Combine(_dir, "speech.wav");
        await media.Get<AudioInspector>().InspectAndDecodeAsync(recording.WavPath, Path.Combine(_dir, "working.wav"), speech, CancellationToken.None);
        var audio = WavSpeechAudio.Whole(speech);
        var words = recording.Transcript.Words;
        (double Start, double End) Phrase(int index)
        {
            var skip = phrases.Take(index).Sum(p => p.Split(' ').Length);
            var count = phrases[index].Split(' ').Length;
            return (words[skip].Start, words[skip + count - 1].End);
        }

        var take = Phrase(1);
        var retake = AcousticRepeat.Ratio(audio, take.Start, take.End, Phrase(3).Start);
        var other = AcousticRepeat.Ratio(audio, take.Start, take.End, Phrase(4).Start);

        Assert.InRange(retake!.Value, 0, 1 - AcousticRepeat.MinimumMargin);
        Assert.True(other > 1 - AcousticRepeat.MinimumMargin, $"a different sentence scored {other:0.00}");
        Assert.Null(AcousticRepeat.Ratio(audio, take.Start, take.Start + 0.3, Phrase(3).Start));
    }
}
