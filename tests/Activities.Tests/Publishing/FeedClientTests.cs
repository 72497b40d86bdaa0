using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.PublishEpisode;
using EpisodeBuilder.Activities.Publishing;
using EpisodeBuilder.Activities.Tests.Infrastructure;
using EpisodeBuilder.Api;
using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Storage;
using Xunit.Abstractions;

namespace EpisodeBuilder.Activities.Tests.Publishing;

/// <summary>
/// The feed as a podcast app reads it: episodes the real publish step put in a feed, one taken down again, parsed by
/// Podcast Index's podcast-partytime in node. Every field a podcaster controls reaches the app.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class FeedClientTests(StorageFixture storage, ITestOutputHelper output) : IAsyncLifetime
{
    private const string User = "fern";
    private const string Podcast = "fernshow";
    private BuildHost _host = null!;

    private static readonly ShowSettings Show = TestShows.Moon with
    {
        ImageUrl = null,
        ImageKey = ObjectKeys.Upload(User, "cover.png"),
        Type = "serial",
        Language = "fr-CA",
        NewFeedUrl = "https://feeds.example.test/moon/feed.xml",
        Block = true,
        Complete = true,
    };

    public async Task InitializeAsync() => _host = await BuildHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private ObjectStore Store => _host.Get<ObjectStore>();

    private async Task<PublishEpisodeOutput> PublishAsync(string episode, PublishSettings publish, DateTime publishedAt)
    {
        var build = new BuildRef(User, episode, $"{User}.{episode}.{Guid.NewGuid():N}");
        var staged = await Store.WriteTextAsync(build.File("episode.mp3"), "not decoded by publishing", "audio/mpeg", WriteCondition.Overwrite, CancellationToken.None);
        var vtt = await Store.WriteTextAsync(build.Subtitles(), "WEBVTT\n", "text/vtt", WriteCondition.Overwrite, CancellationToken.None);
        var transcript = await Store.WriteTextAsync(build.Transcript(), "{}", "application/json", WriteCondition.Overwrite, CancellationToken.None);
        var chapters = await Store.WriteTextAsync(build.File("chapters.json"), ChaptersJson.Write([new Chapter(0, "Cold open"), new Chapter(75.4, "The <moon> & us"), new Chapter(3725, "Goodbye")]), "application/json+chapters", WriteCondition.Overwrite, CancellationToken.None);
        return await _host.Get<PublishEpisodeActivity>().RunAsync(
            new PublishEpisodeInput(build, staged.Key, publish, 3800, staged.Size, publishedAt, new EpisodeCompanions(vtt.Key, transcript.Key, chapters.Key)),
            CancellationToken.None);
    }

    /// <summary>Uploads a still FFmpeg draws, as the API would have accepted it.</summary>
    private async Task UploadArtAsync(string key, string codec, string contentType)
    {
        var path = Path.Combine(Path.GetTempPath(), $"art-{Guid.NewGuid():N}");
        using (var ffmpeg = System.Diagnostics.Process.Start("ffmpeg", $"-v error -y -f lavfi -i testsrc2=s=1400x1400 -frames:v 1 -c:v {codec} -f image2 {path}")!)
        {
            await ffmpeg.WaitForExitAsync();
            Assert.Equal(0, ffmpeg.ExitCode);
        }

        await Store.UploadFileAsync(path, key, contentType);
        File.Delete(path);
    }

    [Fact]
    public async Task A_podcast_parser_reads_show_fields_show_notes_numbering_art_a_scheduled_date_and_no_unpublished_item()
    {
        await UploadArtAsync(Show.ImageKey!, "png", "image/png");
        await UploadArtAsync(ObjectKeys.Upload(User, "chapter-5.jpg"), "mjpeg", "image/jpeg");
        const string notes = """<p>Hello <b>world</b>, see <a href="https://example.com/notes" onclick="steal()">the notes</a>.</p><script>alert(1)</script><ul><li>one</li><li><i>two</i></li></ul><img src="x" onerror="steal()"><a href="javascript:steal()">bad</a>""";
        var scheduledAt = new DateTime(2027, 1, 5, 9, 0, 0, DateTimeKind.Utc);
        var kept = await PublishAsync("chapter-5", new PublishSettings(Podcast, "Chapter five", notes, Show, Season: 2, Number: 5, ChaptersInNotes: true, Image: ObjectKeys.Upload(User, "chapter-5.jpg")), scheduledAt);
        await PublishAsync("chapter-6", new PublishSettings(Podcast, "Chapter six", "Plain words.\n\nA second paragraph.", null, Season: 2, Number: 6), scheduledAt.AddDays(7));
        var unpublished = await _host.Get<EpisodeService>().UnpublishAsync(_host.Client, User, Podcast, "chapter-6", CancellationToken.None);
        Assert.Equal(200, unpublished.Status);

        var xml = (await Store.ReadTextAsync(kept.FeedKey, CancellationToken.None))!.Value.Text;
        Assert.Empty(FeedSpec.Violations(xml));
        var feed = await PartytimeReader.ParseAsync(xml);
        output.WriteLine(feed.ToJsonString());

        Assert.Equal("serial", feed["itunesType"]!.GetValue<string>());
        Assert.Equal("fr-CA", feed["language"]!.GetValue<string>());
        Assert.Equal(Show.NewFeedUrl, feed["itunesNewFeedUrl"]!.GetValue<string>());
        Assert.True(feed["itunesBlock"]!.GetValue<bool>());
        Assert.True(feed["itunesComplete"]!.GetValue<bool>());
        // Uploaded art is published (the show's named by its bytes) and named on the channel and the item.
        var publicBase = _host.Get<Microsoft.Extensions.Options.IOptions<PublishingOptions>>().Value.PublicUrl(string.Empty);
        var showArt = feed["itunesImage"]!.GetValue<string>();
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(publicBase)}{User}/shows/{Podcast}/cover-[0-9a-f]{{16}}\\.png$", showArt);
        Assert.Equal(showArt, feed["image"]!["url"]!.GetValue<string>());
        var published = _host.Get<PublishedStore>().Store;
        Assert.Equal("image/png", (await published.GetAsync(showArt[publicBase.Length..], CancellationToken.None))!.ContentType);

        var item = Assert.Single(feed["items"]!.AsArray())!;
        Assert.Equal("Chapter five", item["title"]!.GetValue<string>());
        var episodeArt = item["itunesImage"]!.GetValue<string>();
        Assert.StartsWith($"{publicBase}{User}/episodes/chapter-5/", episodeArt, StringComparison.Ordinal);
        Assert.EndsWith(".jpg", episodeArt, StringComparison.Ordinal);
        Assert.Equal("image/jpeg", (await published.GetAsync(episodeArt[publicBase.Length..], CancellationToken.None))!.ContentType);
        Assert.Equal(DateTimeOffset.Parse("2027-01-05T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(item["pubDate"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, item["podcastSeason"]!["number"]!.GetValue<int>());
        Assert.Equal(5, item["podcastEpisode"]!["number"]!.GetValue<double>());
        Assert.Equal(2, item["itunesSeason"]!.GetValue<int>());
        Assert.Equal(5, item["itunesEpisode"]!.GetValue<int>());
        Assert.EndsWith("chapters.json", item["podcastChapters"]!["url"]!.GetValue<string>(), StringComparison.Ordinal);
        var transcripts = item["podcastTranscripts"]!.AsArray();
        Assert.Equal(2, transcripts.Count);
        Assert.All(transcripts, t => Assert.Equal("fr-CA", t!["language"]!.GetValue<string>()));

        // The notes as HTML keep the allowed tags and lose scripts, handlers and javascript: links; the chapters follow.
        var content = item["content"]!.GetValue<string>();
        Assert.Contains("<b>world</b>", content, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.com/notes\"", content, StringComparison.Ordinal);
        Assert.Contains("<li><i>two</i></li>", content, StringComparison.Ordinal);
        foreach (var unsafePart in new[] { "script", "alert", "onclick", "onerror", "<img", "javascript:" })
        {
            Assert.DoesNotContain(unsafePart, content, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("<li>0:00 Cold open</li>", content, StringComparison.Ordinal);
        Assert.Contains("<li>1:15 The ", content, StringComparison.Ordinal);
        Assert.Contains("<li>1:15 The &lt;moon&gt; &amp; us</li>", xml, StringComparison.Ordinal); // escaped in the feed; the parser decodes it
        Assert.Contains("<li>1:02:05 Goodbye</li>", content, StringComparison.Ordinal);

        // The plain description beside it carries the same words and no markup.
        var description = item["description"]!.GetValue<string>();
        Assert.Contains("Hello world, see the notes (https://example.com/notes).", description, StringComparison.Ordinal);
        Assert.Contains("- two", description, StringComparison.Ordinal);
        Assert.Contains("- 1:15 The <moon> & us", description, StringComparison.Ordinal);
        Assert.DoesNotContain("alert", description, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", description, StringComparison.Ordinal);
    }
}
