using System.Xml.Linq;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.PublishEpisode;
using EpisodeBuilder.Activities.Publishing;
using EpisodeBuilder.Api;
using EpisodeBuilder.Functions.Http;
using EpisodeBuilder.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EpisodeBuilder.Functions.Tests;

/// <summary><c>DELETE /api/podcasts/{podcast}/episodes/{episodeId}</c> on episodes the real publish step put in a feed.</summary>
public sealed class UnpublishApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string User = "uma";

    private static readonly ShowSettings Show = new(
        "Uma's Show", "Tests of unpublishing.", "Uma", "Uma", "uma@example.com", "https://cdn.example.test/uma/cover.jpg", "Technology");

    private ObjectStore Published => api.Get<PublishedStore>().Store;

    private async Task<ApiResponse> DeleteAsync(string podcast, string episode, string user = User)
    {
        var request = api.Request("DELETE", $"/api/podcasts/{podcast}/episodes/{episode}", user);
        var functions = ActivatorUtilities.CreateInstance<EpisodesFunctions>(api.Host.Services);
        return await ApiFixture.SendAsync(request, functions.UnpublishEpisode(request, api.Client, podcast, episode, CancellationToken.None));
    }

    private async Task<PublishEpisodeOutput> PublishAsync(string podcast, string episode)
    {
        var store = api.Get<ObjectStore>();
        var build = new BuildRef(User, episode, $"{User}.{episode}.{Guid.NewGuid():N}");
        var staged = await store.WriteTextAsync(build.File("staged.mp3"), "not really an mp3", "audio/mpeg", WriteCondition.Overwrite, CancellationToken.None);
        var vtt = await store.WriteTextAsync(build.Subtitles(), "WEBVTT\n", "text/vtt", WriteCondition.Overwrite, CancellationToken.None);
        var transcript = await store.WriteTextAsync(build.Transcript(), "{}", "application/json", WriteCondition.Overwrite, CancellationToken.None);
        var chapters = await store.WriteTextAsync(build.File("chapters.json"), "{}", "application/json+chapters", WriteCondition.Overwrite, CancellationToken.None);
        return await api.Get<PublishEpisodeActivity>().RunAsync(
            new PublishEpisodeInput(build, staged.Key, new PublishSettings(podcast, $"Episode {episode}", null, Show), 61.5, staged.Size, DateTime.UtcNow, new EpisodeCompanions(vtt.Key, transcript.Key, chapters.Key)),
            CancellationToken.None);
    }

    private async Task<List<string>> ItemTitlesAsync(string podcast)
    {
        var feed = XDocument.Parse((await Published.ReadTextAsync(ObjectKeys.Feed(User, podcast), CancellationToken.None))!.Value.Text);
        return [.. feed.Root!.Element("channel")!.Elements("item").Select(i => (string)i.Element("title")!)];
    }

    private async Task<int> PublicFilesAsync(string episode)
    {
        var count = 0;
        await foreach (var _ in Published.ListAsync(ObjectKeys.EpisodeFiles(User, episode), CancellationToken.None))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public async Task Unpublishing_removes_the_item_and_the_episodes_public_files_only_for_the_owner_and_again_changes_nothing()
    {
        const string Podcast = "umashow";
        await PublishAsync(Podcast, "first");
        await PublishAsync(Podcast, "first");
        await PublishAsync(Podcast, "second");
        Assert.Equal(["Episode second", "Episode first"], await ItemTitlesAsync(Podcast));
        Assert.Equal(8, await PublicFilesAsync("first"));

        // Another user reaches only their own (absent) feed and files.
        var stranger = await DeleteAsync(Podcast, "first", user: "mallory");
        Assert.Equal(200, stranger.Status);
        Assert.False(stranger.Body!["removedFromFeed"]!.GetValue<bool>());
        Assert.Equal(2, (await ItemTitlesAsync(Podcast)).Count);

        var removed = await DeleteAsync(Podcast, "first");
        Assert.Equal(200, removed.Status);
        Assert.True(removed.Body!["removedFromFeed"]!.GetValue<bool>());
        Assert.Equal(8, removed.Body["deletedFiles"]!.GetValue<int>());
        Assert.Equal(["Episode second"], await ItemTitlesAsync(Podcast));
        Assert.Equal(0, await PublicFilesAsync("first"));
        Assert.Equal(4, await PublicFilesAsync("second"));

        var again = await DeleteAsync(Podcast, "first");
        Assert.Equal(200, again.Status);
        Assert.False(again.Body!["removedFromFeed"]!.GetValue<bool>());
        Assert.Equal(0, again.Body["deletedFiles"]!.GetValue<int>());
        Assert.Equal(["Episode second"], await ItemTitlesAsync(Podcast));
    }

    [Fact]
    public async Task An_episode_with_a_build_that_has_not_ended_is_a_409_naming_it_and_stays_published()
    {
        const string Podcast = "umabusy";
        await PublishAsync(Podcast, "busy");
        var running = $"{User}.busy.{Guid.NewGuid():N}";
        Assert.Null(await api.Get<EpisodeBuildLock>().TryAcquireAsync(api.Client, User, "busy", running, CancellationToken.None));

        var refused = await DeleteAsync(Podcast, "busy");
        Assert.Equal(409, refused.Status);
        Assert.Contains(running, refused.Body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Episode busy", await ItemTitlesAsync(Podcast));
        Assert.Equal(4, await PublicFilesAsync("busy"));
    }

    [Fact]
    public async Task Ids_that_cannot_be_keys_are_a_400_naming_each()
    {
        var response = await DeleteAsync("a b", "c..d");
        Assert.Equal(400, response.Status);
        Assert.Equal(["podcast", "episodeId"], response.Body!["errors"]!.AsObject().Select(e => e.Key));
    }
}
