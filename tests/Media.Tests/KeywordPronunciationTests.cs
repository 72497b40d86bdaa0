using System.Text;
using EpisodeBuilder.Media;
using EpisodeBuilder.Media.Transcription;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Media.Tests;

/// <summary>Marker words get their pronunciation from the model's dictionary (the first one listed), or the built-in one.</summary>
public sealed class KeywordPronunciationTests : IDisposable
{
    private readonly string _dictionary = Path.Combine(Path.GetTempPath(), $"keywords-{Guid.NewGuid():N}.dict");

    public void Dispose() => File.Delete(_dictionary);

    private static PocketSphinxKeywordSpotter Spotter(string dictionaryPath) =>
        new(Options.Create(new MediaOptions()), Options.Create(new TranscriptionOptions { DictionaryPath = dictionaryPath }));

    [Fact]
    public async Task The_model_dictionary_gives_intern_its_pronunciation_and_flubber_falls_back_to_the_built_in_one()
    {
        var found = await Spotter(new TranscriptionOptions().DictionaryPath).PronunciationsAsync(["flubber", "intern"], CancellationToken.None);

        Assert.Equal("IH N T ER N", found["intern"]);
        Assert.Equal("F L AH B ER", found["flubber"]);
    }

    [Fact]
    public async Task A_line_split_between_two_reads_an_unterminated_last_line_and_CRLF_endings_are_all_read_whole()
    {
        // The scan reads 16,384 characters at a time: put "intern" across the first boundary and "zebra" last, unterminated.
        var text = new StringBuilder();
        for (var i = 0; text.Length < 16_384 - 40; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"filler{i:D5} F IH L ER\r\n");
        }

        text.Append('x', 16_384 - 3 - text.Length - 4).Append(" X\r\n");
        Assert.Equal(16_384 - 3, text.Length);
        text.Append("intern IH N T ER N\r\n");
        text.Append("intern(2) IH N T ER N T\r\n");
        text.Append("intern AY N T\r\n");
        text.Append("zebra Z IY B R AH");
        await File.WriteAllTextAsync(_dictionary, text.ToString());

        var found = await Spotter(_dictionary).PronunciationsAsync(["intern", "zebra", "absent"], CancellationToken.None);

        Assert.Equal("IH N T ER N", found["intern"]);
        Assert.Equal("Z IY B R AH", found["zebra"]);
        Assert.False(found.ContainsKey("absent"));
        Assert.Equal(2, found.Count);
    }

    [Fact]
    public async Task Chunks_asking_at_once_share_one_dictionary_scan()
    {
        var spotter = Spotter(new TranscriptionOptions().DictionaryPath);

        var asked = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => spotter.PronunciationsAsync(["flubber", "intern"], CancellationToken.None))));

        Assert.All(asked, found => Assert.Same(asked[0], found));
        Assert.Equal("IH N T ER N", asked[0]["intern"]);
    }

    [Theory]
    [InlineData("in turn", true)]
    [InlineData("intern", true)]
    [InlineData("internet", false)]
    [InlineData("you turn", false)]
    [InlineData("in to", false)]
    public async Task Words_a_recogniser_wrote_over_a_hit_sound_like_the_keyword_only_when_their_phones_are_the_same(string heard, bool alike)
    {
        var words = heard.Split(' ');
        var transcript = new Transcript("pocketsphinx", words.Select((w, i) => new TranscriptWord(w, 1 + (0.3 * i), 1.28 + (0.3 * i), 0.5)).ToList())
        {
            KeywordHits = [new TranscriptWord("intern", 0.95, 1 + (0.3 * words.Length), 0.9)],
        };

        var sounds = await Pronunciations.ForKeywordHitsAsync(new TranscriptionOptions().DictionaryPath, transcript, CancellationToken.None);

        Assert.Equal(words, Pronunciations.Over(transcript.Words, transcript.KeywordHits[0]).Select(w => w.Text));
        Assert.Equal(alike, sounds.SoundLike(words, "intern"));
    }

    [Fact]
    public async Task Every_variant_of_a_word_is_read_so_any_of_them_may_make_the_keyword()
    {
        await File.WriteAllTextAsync(_dictionary, "flubber F L AH B ER\nlove L AH V\nhub HH AH B\nflub F L AH B\nflub(2) F L UW B\nur ER\n");

        var scanned = await PronunciationLexicon.ScanAsync(_dictionary, ["flub", "ur", "missing"], CancellationToken.None);
        var sounds = Pronunciations.Of(scanned.SelectMany(s => s.Value.Select(p => (s.Key, p))).Append(("flubber", "F L AH B ER")));

        Assert.Equal(["F L AH B", "F L UW B"], scanned["flub"]);
        Assert.True(sounds.SoundLike(["flub", "ur"], "flubber"));
        Assert.False(sounds.SoundLike(["flub"], "flubber"));
        Assert.False(sounds.SoundLike(["flub", "missing"], "flubber"));
    }
}
