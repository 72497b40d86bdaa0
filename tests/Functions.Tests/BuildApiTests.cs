using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EpisodeBuilder.Api;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Samples;
using EpisodeBuilder.Storage;

namespace EpisodeBuilder.Functions.Tests;

public sealed class BuildApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string User = "carol";

    private static string Body(string recording, string? extra = null) =>
        $$"""{ "recording": "{{recording}}", {{extra ?? string.Empty}} "publish": { "podcast": "carolshow", "title": "Episode", "show": {{Show}} } }""";

    /// <summary>A complete show: every build here may be its podcast's first.</summary>
    private const string Show = """{ "title": "Carol's Show", "description": "Tests of the HTTP API.", "author": "Carol", "ownerName": "Carol", "ownerEmail": "carol@example.com", "imageUrl": "https://cdn.example.test/carol/cover.png", "category": "Technology" }""";

    private async Task<ApiResponse> StartAsync(string episode, string body, string? user = User)
    {
        var request = api.Request("POST", $"/api/episodes/{episode}/builds", user, body);
        return await ApiFixture.SendAsync(request, api.Builds.StartBuild(request, api.Client, episode, CancellationToken.None));
    }

    private static void RunFfmpeg(string arguments)
    {
        using var ffmpeg = System.Diagnostics.Process.Start("ffmpeg", arguments)!;
        ffmpeg.WaitForExit();
        Assert.Equal(0, ffmpeg.ExitCode);
    }

    private async Task<ApiResponse> StatusAsync(string buildId, string user = User)
    {
        var request = api.Request("GET", $"/api/builds/{buildId}", user);
        return await ApiFixture.SendAsync(request, api.Builds.GetBuild(request, api.Client, buildId, CancellationToken.None));
    }

    private async Task<string> UploadThroughApiAsync(string path, string fileName, string contentType, string user = User)
    {
        var request = api.Request("POST", "/api/uploads", user, $$"""{ "fileName": "{{fileName}}", "contentType": "{{contentType}}" }""");
        var ticket = await ApiFixture.SendAsync(request, api.Uploads.CreateUpload(request, CancellationToken.None));
        Assert.Equal(200, ticket.Status);
        Assert.Equal("PUT", ticket.Body!["method"]!.GetValue<string>());
        using var http = new HttpClient();
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(path));
        content.Headers.ContentType = new(contentType);
        using var put = await http.SendAsync(SignedPut(ticket.Body, content));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        return ticket.Body["key"]!.GetValue<string>();
    }

    private async Task<JsonNode> WaitForEndAsync(string buildId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (true)
        {
            var status = (await StatusAsync(buildId)).Body!;
            if (status["status"]!.GetValue<string>() is "Completed" or "Failed" or "Canceled" || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        var response = await StartAsync("ep", "{ \"recording\": ");
        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal("Malformed JSON.", response.Body!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Missing_fields_are_each_named()
    {
        var response = await StartAsync("ep", "{ \"segments\": [ { \"id\": \"a b\", \"position\": \"middle\" } ], \"loudnessLufs\": -3 }");

        Assert.Equal(400, response.Status);
        var errors = response.Body!["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Equal(["recording", "segments[0].id", "segments[0].text", "segments[0].position", "loudnessLufs", "publish"], errors);
    }

    [Fact]
    public async Task A_key_of_another_user_is_refused_naming_the_field()
    {
        var response = await StartAsync("ep", Body("mallory/media/main_content/x.wav", "\"intro\": \"carol/../mallory/x.wav\","));

        Assert.Equal(400, response.Status);
        Assert.Contains("caller's prefix", response.Body!["errors"]!["recording"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("'..'", response.Body["errors"]!["intro"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_incomplete_show_names_each_field_apple_requires()
    {
        const string show = """{ "title": "Carol's Show", "description": "About things.", "ownerName": "Carol", "ownerEmail": "not an address", "imageUrl": "http://cdn.example.test/cover.png", "category": "Technology", "subcategory": "Astronomy" }""";
        var response = await StartAsync("ep", $$"""{ "recording": "carol/x.wav", "publish": { "podcast": "carolshow", "title": "Episode", "episodeType": "teaser", "show": {{show}} } }""");

        Assert.Equal(400, response.Status);
        var errors = response.Body!["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Equal(["publish.episodeType", "publish.show.author", "publish.show.ownerEmail", "publish.show.imageUrl", "publish.show.subcategory"], errors);
    }

    [Theory]
    [InlineData(-1.0, "must be in the future")]
    [InlineData(366.0, "at most 365 days ahead")]
    public async Task A_publish_time_in_the_past_or_over_a_year_ahead_is_a_400_naming_it(double days, string message)
    {
        var at = DateTimeOffset.UtcNow.AddDays(days).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var response = await StartAsync("ep", $$"""{ "recording": "carol/x.wav", "publish": { "podcast": "carolshow", "title": "Episode", "at": "{{at}}" } }""");

        Assert.Equal(400, response.Status);
        var errors = response.Body!["errors"]!.AsObject();
        Assert.Equal(["publish.at"], errors.Select(e => e.Key));
        Assert.Contains(message, errors["publish.at"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_show_with_an_unknown_type_language_or_new_feed_url_and_a_serial_episode_without_a_number_are_400s()
    {
        const string show = """{ "title": "Carol's Show", "description": "About things.", "author": "Carol", "ownerName": "Carol", "ownerEmail": "carol@example.com", "imageUrl": "https://cdn.example.test/cover.png", "category": "Technology", "type": "serial", "language": "english please", "newFeedUrl": "ftp://elsewhere" }""";
        var response = await StartAsync("ep", $$"""{ "recording": "carol/x.wav", "publish": { "podcast": "carolshow", "title": "Episode", "show": {{show}} } }""");

        Assert.Equal(400, response.Status);
        var errors = response.Body!["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Equal(["publish.episode", "publish.show.language", "publish.show.newFeedUrl"], errors);

        var wrongType = await StartAsync("ep", $$"""{ "recording": "carol/x.wav", "publish": { "podcast": "carolshow", "title": "Episode", "show": {{show.Replace("\"serial\"", "\"daily\"", StringComparison.Ordinal)}} } }""");
        Assert.Contains("publish.show.type", wrongType.Body!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task Cover_art_that_is_not_square_or_not_what_it_was_uploaded_as_is_a_400_naming_the_field()
    {
        var dir = Directory.CreateTempSubdirectory("api-art-").FullName;
        var store = api.Get<ObjectStore>();
        async Task<string> UploadAsync(string name, string size, string codec, string contentType)
        {
            var path = Path.Combine(dir, name);
            RunFfmpeg($"-v error -y -f lavfi -i testsrc2=s={size} -frames:v 1 -c:v {codec} -f image2 {path}");
            var key = ObjectKeys.Upload(User, $"{Guid.NewGuid():N}-{name}");
            await store.UploadFileAsync(path, key, contentType);
            return key;
        }

        var recording = ObjectKeys.Upload(User, $"{Guid.NewGuid():N}-art.wav");
        await File.WriteAllTextAsync(Path.Combine(dir, "art.wav"), "bytes");
        await store.UploadFileAsync(Path.Combine(dir, "art.wav"), recording, "audio/wav");
        var wide = await UploadAsync("wide.jpg", "1600x1400", "mjpeg", "image/jpeg");
        var pngAsJpeg = await UploadAsync("cover.jpg", "1400x1400", "png", "image/jpeg");

        var notSquare = await StartAsync("ep-art", $$"""{ "recording": "{{recording}}", "publish": { "podcast": "carolshow", "title": "Episode", "image": "{{wide}}", "show": {{Show}} } }""");
        Assert.Equal(400, notSquare.Status);
        Assert.Contains("must be square; it is 1600×1400 pixels", notSquare.Body!["errors"]!["publish.image"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var showArt = Show.Replace("\"imageUrl\": \"https://cdn.example.test/carol/cover.png\"", $"\"image\": \"{pngAsJpeg}\"", StringComparison.Ordinal);
        var mislabelled = await StartAsync("ep-art", $$"""{ "recording": "{{recording}}", "publish": { "podcast": "carolshow", "title": "Episode", "show": {{showArt}} } }""");
        Assert.Equal(400, mislabelled.Status);
        Assert.Contains("was uploaded as image/jpeg but is a PNG image", mislabelled.Body!["errors"]!["publish.show.image"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task A_music_bed_with_levels_out_of_range_is_a_400_naming_each()
    {
        var response = await StartAsync("ep", Body("carol/x.wav", "\"musicBed\": { \"key\": \"carol/bed.wav\", \"levelDb\": 5, \"duckDb\": -1 },"));

        Assert.Equal(400, response.Status);
        Assert.Equal(["musicBed.levelDb", "musicBed.duckDb"], response.Body!["errors"]!.AsObject().Select(e => e.Key));
        var noKey = await StartAsync("ep", Body("carol/x.wav", "\"musicBed\": { \"levelDb\": -20 },"));
        Assert.Equal(["musicBed.key"], noKey.Body!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task Channels_other_than_mono_or_stereo_are_a_400()
    {
        var response = await StartAsync("ep", $$"""{ "recording": "carol/x.wav", "publish": { "podcast": "carolshow", "title": "Episode", "channels": "5.1", "show": {{Show}} } }""");

        Assert.Equal(400, response.Status);
        Assert.Equal(["publish.channels"], response.Body!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task A_new_podcast_without_a_show_is_a_400_before_anything_runs()
    {
        var dir = Directory.CreateTempSubdirectory("api-noshow-").FullName;
        var path = Path.Combine(dir, "x.wav");
        await File.WriteAllTextAsync(path, "bytes");
        var key = ObjectKeys.Upload(User, "noshow.wav");
        await api.Get<ObjectStore>().UploadFileAsync(path, key, "audio/wav");

        var response = await StartAsync("noshowep", $$"""{ "recording": "{{key}}", "publish": { "podcast": "showless", "title": "Episode" } }""");

        Assert.Equal(400, response.Status);
        Assert.Contains("has no feed yet", response.Body!["errors"]!["publish.show"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task A_missing_upload_is_a_404()
    {
        var response = await StartAsync("ep", Body("carol/media/main_content/never-uploaded.wav"));
        Assert.Equal(404, response.Status);
        Assert.Contains("recording", response.Body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caller_without_a_user_is_a_401()
    {
        var response = await StartAsync("ep", Body("carol/x.wav"), user: null);
        Assert.Equal(401, response.Status);
    }

    [Fact]
    public async Task A_forged_principal_header_is_a_401_where_the_platform_does_not_authenticate()
    {
        var request = api.Request("POST", "/api/episodes/ep/builds", user: null, Body("carol/x.wav"));
        request.Headers[CallerIdentity.PrincipalHeader] = User;

        var response = await ApiFixture.SendAsync(request, api.Builds.StartBuild(request, api.Client, "ep", CancellationToken.None));

        Assert.Equal(401, response.Status);
    }

    [Fact]
    public async Task A_text_file_named_mp3_fails_the_build_at_inspection_and_publishes_nothing()
    {
        var dir = Directory.CreateTempSubdirectory("api-text-").FullName;
        var path = Path.Combine(dir, "notes.mp3");
        await File.WriteAllTextAsync(path, "not audio at all");
        var key = await UploadThroughApiAsync(path, "notes.mp3", "audio/mpeg");

        var started = await StartAsync("textep", Body(key));
        var buildId = started.Body!["buildId"]!.GetValue<string>();
        var status = await WaitForEndAsync(buildId);

        Assert.Equal("Failed", status["status"]!.GetValue<string>());
        Assert.Equal("inspect", status["error"]!["step"]!.GetValue<string>());
        Assert.Contains("not in a recognised audio format", status["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(await api.Get<Activities.Publishing.PublishedStore>().Store.GetAsync(ObjectKeys.Episode(User, "textep", buildId), CancellationToken.None));
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Build_started_over_http_runs_to_a_published_episode_visible_only_to_its_owner()
    {
        var dir = Directory.CreateTempSubdirectory("api-build-").FullName;
        var recording = await api.Get<SampleRecordingGenerator>().GenerateAsync(["hello and welcome", "this is a short episode"], Path.Combine(dir, "r.wav"), dir, CancellationToken.None);
        var key = await UploadThroughApiAsync(recording.WavPath, "take one.wav", "audio/wav");
        Assert.StartsWith("carol/media/main_content/", key, StringComparison.Ordinal);

        var started = await StartAsync("httpep", Body(key, "\"segments\": [ { \"id\": \"s1\", \"text\": \"A word from us.\", \"position\": 1.0 } ],"));
        Assert.Equal(202, started.Status);
        var buildId = started.Body!["buildId"]!.GetValue<string>();
        Assert.Equal($"http://localhost:7071/api/builds/{buildId}", started.Location);
        Assert.Equal(started.Location + "/cancel", started.Body["cancelUrl"]!.GetValue<string>());

        var second = await StartAsync("httpep", Body(key));
        Assert.Equal(409, second.Status);

        var status = await WaitForEndAsync(buildId);
        Assert.Equal("Completed", status["status"]!.GetValue<string>());
        Assert.Equal(100, status["progress"]!.GetValue<int>());
        Assert.All(status["steps"]!.AsArray(), s => Assert.Contains(s!["status"]!.GetValue<string>(), new[] { "Completed", "Skipped" }));
        Assert.Equal($"carol/episodes/httpep/{buildId}.mp3", status["outputs"]!["episode"]!.GetValue<string>());

        // The episode's link is its public URL in the public bucket, the feed's enclosure.
        Assert.Equal(api.Emulator.BaseUri + $"api-tests-public/carol/episodes/httpep/{buildId}.mp3", status["episodeUrl"]!.GetValue<string>());
        using var http = new HttpClient();
        var mp3 = Path.Combine(dir, "episode.mp3");
        await File.WriteAllBytesAsync(mp3, await http.GetByteArrayAsync(new Uri(status["episodeUrl"]!.GetValue<string>())));
        Assert.Equal("mp3", (await api.Get<AudioInspector>().InspectAsync(mp3, CancellationToken.None)).Codec);

        Assert.Equal(404, (await StatusAsync(buildId, user: "mallory")).Status);
        var listRequest = api.Request("GET", "/api/episodes/httpep/builds", User);
        var list = await ApiFixture.SendAsync(listRequest, api.Builds.ListBuilds(listRequest, api.Client, "httpep", CancellationToken.None));
        Assert.Contains(list.Body!["builds"]!.AsArray(), b => b!["buildId"]!.GetValue<string>() == buildId);

        var cancelRequest = api.Request("POST", $"/api/builds/{buildId}/cancel", User);
        Assert.Equal(409, (await ApiFixture.SendAsync(cancelRequest, api.Builds.CancelBuild(cancelRequest, api.Client, buildId, CancellationToken.None))).Status);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Cancel_over_http_ends_the_build_as_canceled()
    {
        var dir = Directory.CreateTempSubdirectory("api-cancel-").FullName;
        var recording = await api.Get<SampleRecordingGenerator>().GenerateAsync(["cancel me please"], Path.Combine(dir, "r.wav"), dir, CancellationToken.None);
        var key = await UploadThroughApiAsync(recording.WavPath, "c.wav", "audio/wav");
        var buildId = (await StartAsync("cancelep", Body(key))).Body!["buildId"]!.GetValue<string>();

        var request = api.Request("POST", $"/api/builds/{buildId}/cancel", User);
        var cancel = await ApiFixture.SendAsync(request, api.Builds.CancelBuild(request, api.Client, buildId, CancellationToken.None));

        Assert.Equal(202, cancel.Status);
        var ended = await WaitForEndAsync(buildId);
        Assert.True(ended["status"]!.GetValue<string>() == "Canceled", ended.ToJsonString());
        Assert.Null(await api.Get<Activities.Publishing.PublishedStore>().Store.GetAsync(ObjectKeys.Episode(User, "cancelep", buildId), CancellationToken.None));
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Retry_of_a_canceled_build_reuses_what_it_finished_runs_the_rest_and_names_it()
    {
        var dir = Directory.CreateTempSubdirectory("api-retry-").FullName;
        var recording = await api.Get<SampleRecordingGenerator>().GenerateAsync(["try this once more"], Path.Combine(dir, "r.wav"), dir, CancellationToken.None);
        var key = await UploadThroughApiAsync(recording.WavPath, "t.wav", "audio/wav");
        var first = (await StartAsync("retryep", Body(key))).Body!["buildId"]!.GetValue<string>();

        // Canceled once its first steps have finished.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await StatusAsync(first)).Body!["steps"]!.AsArray().Count(s => s!["status"]!.GetValue<string>() == "Completed") < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the build never finished two steps");
            await Task.Delay(100);
        }

        var cancel = api.Request("POST", $"/api/builds/{first}/cancel", User);
        await ApiFixture.SendAsync(cancel, api.Builds.CancelBuild(cancel, api.Client, first, CancellationToken.None));
        var canceled = await WaitForEndAsync(first);
        Assert.Equal("Canceled", canceled["status"]!.GetValue<string>());
        var finished = canceled["steps"]!.AsArray().Where(s => s!["status"]!.GetValue<string>() == "Completed").Select(s => s!["name"]!.GetValue<string>()).ToList();

        var retry = await RetryAsync(first);
        Assert.Equal(202, retry.Status);
        var second = retry.Body!["buildId"]!.GetValue<string>();
        Assert.NotEqual(first, second);
        var done = await WaitForEndAsync(second);
        Assert.True(done["status"]!.GetValue<string>() == "Completed", done.ToJsonString());
        Assert.Equal(first, done["retryOf"]!.GetValue<string>());
        var reused = done["steps"]!.AsArray().Where(s => s!["reused"]!.GetValue<bool>()).Select(s => s!["name"]!.GetValue<string>()).ToList();
        Assert.Subset(reused.ToHashSet(), finished.ToHashSet());
        Assert.Contains("publish", done["steps"]!.AsArray().Where(s => !s!["reused"]!.GetValue<bool>() && s["status"]!.GetValue<string>() == "Completed").Select(s => s!["name"]!.GetValue<string>()));

        // Only a failed or canceled build of one's own can be retried.
        Assert.Equal(409, (await RetryAsync(second)).Status);
        Assert.Equal(404, (await RetryAsync(first, "dave")).Status);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task A_rebuild_from_a_build_sends_only_what_changes_and_reruns_only_the_steps_it_reaches()
    {
        var dir = Directory.CreateTempSubdirectory("api-from-").FullName;
        var recording = await api.Get<SampleRecordingGenerator>().GenerateAsync(["build me again"], Path.Combine(dir, "r.wav"), dir, CancellationToken.None);
        var key = await UploadThroughApiAsync(recording.WavPath, "f.wav", "audio/wav");
        var first = (await StartAsync("fromep", Body(key, """ "segments": [ { "id": "ad", "text": "Brought to you by the moon.", "position": "after-intro" } ], """))).Body!["buildId"]!.GetValue<string>();
        Assert.Equal("Completed", (await WaitForEndAsync(first))["status"]!.GetValue<string>());

        var rebuild = await StartAsync("fromep", $$"""{ "from": "{{first}}", "segments": [ { "id": "ad", "text": "Brought to you by the sun.", "position": "after-intro" } ] }""");
        Assert.Equal(202, rebuild.Status);
        var done = await WaitForEndAsync(rebuild.Body!["buildId"]!.GetValue<string>());
        Assert.True(done["status"]!.GetValue<string>() == "Completed", done.ToJsonString());
        var steps = done["steps"]!.AsArray().Select(s => (Name: s!["name"]!.GetValue<string>(), Status: s["status"]!.GetValue<string>(), Reused: s["reused"]!.GetValue<bool>())).ToList();
        Assert.Equal(["inspect", "transcribe", "plan-edits", "export-snippets"], steps.Where(s => s.Reused).Select(s => s.Name));
        Assert.Equal(["generate-segments", "merge", "chapters", "encode", "peaks", "publish"], steps.Where(s => s.Status == "Completed" && !s.Reused).Select(s => s.Name));

        // From a build of another episode, or nobody's, there is nothing to start from.
        Assert.Equal(404, (await StartAsync("otherep", $$"""{ "from": "{{first}}" }""")).Status);
        Assert.Equal(404, (await StartAsync("fromep", """{ "from": "carol.fromep.nosuchbuild" }""")).Status);
        Assert.Equal(400, (await StartAsync("fromep", $$"""{ "from": "{{first}}", "loudnessLufs": "loud" }""")).Status);
        Directory.Delete(dir, true);
    }

    private async Task<ApiResponse> RetryAsync(string buildId, string user = User)
    {
        var request = api.Request("POST", $"/api/builds/{buildId}/retry", user);
        return await ApiFixture.SendAsync(request, api.Builds.RetryBuild(request, api.Client, buildId, CancellationToken.None));
    }

    [Fact]
    public async Task Snippet_endpoint_exports_to_gcs_and_answers_a_signed_url_that_plays_the_range()
    {
        var dir = Directory.CreateTempSubdirectory("api-snippet-").FullName;
        var recording = await api.Get<SampleRecordingGenerator>().GenerateAsync(["one two three four five six seven"], Path.Combine(dir, "r.wav"), dir, CancellationToken.None);
        var key = await UploadThroughApiAsync(recording.WavPath, "s.wav", "audio/wav");

        var request = api.Request("POST", "/api/episodes/snipep/snippets", User, $$"""{ "source": "{{key}}", "start": 1.0, "end": 2.5 }""");
        var response = await ApiFixture.SendAsync(request, api.Snippets.CreateSnippet(request, "snipep", CancellationToken.None));

        Assert.Equal(200, response.Status);
        Assert.StartsWith("intern_snippets/carol/snipep/", response.Body!["key"]!.GetValue<string>(), StringComparison.Ordinal);
        using var http = new HttpClient();
        var local = Path.Combine(dir, "snippet.mp3");
        await File.WriteAllBytesAsync(local, await http.GetByteArrayAsync(new Uri(response.Body["url"]!.GetValue<string>())));
        Assert.InRange(await api.Get<AudioInspector>().DurationAsync(local, CancellationToken.None), 1.4, 1.6);

        var bad = api.Request("POST", "/api/episodes/snipep/snippets", User, $$"""{ "source": "{{key}}", "start": 3, "end": 2 }""");
        Assert.Equal(400, (await ApiFixture.SendAsync(bad, api.Snippets.CreateSnippet(bad, "snipep", CancellationToken.None))).Status);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Concurrent_starts_of_one_episode_admit_exactly_one_build()
    {
        var dir = Directory.CreateTempSubdirectory("api-race-").FullName;
        var recording = await api.Get<SampleRecordingGenerator>().GenerateAsync(["racing starts"], Path.Combine(dir, "r.wav"), dir, CancellationToken.None);
        var key = await UploadThroughApiAsync(recording.WavPath, "race.wav", "audio/wav");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => StartAsync("raceep", Body(key)))));

        Assert.Equal(1, responses.Count(r => r.Status == 202));
        Assert.Equal(5, responses.Count(r => r.Status == 409));
        var winner = responses.Single(r => r.Status == 202).Body!["buildId"]!.GetValue<string>();
        Assert.Equal("Completed", (await WaitForEndAsync(winner))["status"]!.GetValue<string>());

        // Once the build has finished, the episode can be built again.
        var again = await StartAsync("raceep", Body(key));
        Assert.Equal(202, again.Status);
        await WaitForEndAsync(again.Body!["buildId"]!.GetValue<string>());
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Upload_endpoint_refuses_non_audio_types()
    {
        var request = api.Request("POST", "/api/uploads", User, """{ "fileName": "evil.html", "contentType": "text/html" }""");
        var response = await ApiFixture.SendAsync(request, api.Uploads.CreateUpload(request, CancellationToken.None));
        Assert.Equal(400, response.Status);
        Assert.NotNull(response.Body!["errors"]!["contentType"]);
    }

    [Fact]
    public async Task A_transcript_over_the_size_limit_is_refused_at_upload_and_at_build_start()
    {
        var oversized = new string(' ', (int)ApiFixture.TranscriptLimit + 1);
        var request = api.Request("POST", "/api/uploads", User, """{ "fileName": "words.json", "contentType": "application/json" }""");
        var ticket = await ApiFixture.SendAsync(request, api.Uploads.CreateUpload(request, CancellationToken.None));
        Assert.Equal($"0,{ApiFixture.TranscriptLimit}", ticket.Body!["headers"]!["x-goog-content-length-range"]!.GetValue<string>());
        using var http = new HttpClient();
        using var content = new StringContent(oversized, Encoding.UTF8, "application/json");
        content.Headers.ContentType = new("application/json");
        using var put = await http.SendAsync(SignedPut(ticket.Body, content));
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);

        // One already stored (before the limit was lowered, say) is refused when a build names it, before any work.
        var recordingKey = ObjectKeys.Upload(User, "limit.wav");
        await api.Get<ObjectStore>().WriteTextAsync(recordingKey, "RIFF", "audio/wav", WriteCondition.Overwrite, CancellationToken.None);
        var transcriptKey = ObjectKeys.Upload(User, "stored-before.json");
        await api.Get<ObjectStore>().WriteTextAsync(transcriptKey, oversized, "application/json", WriteCondition.Overwrite, CancellationToken.None);

        var start = await StartAsync("limitep", Body(recordingKey, $"\"transcript\": \"{transcriptKey}\","));

        Assert.Equal(422, start.Status);
        Assert.Contains("Limits:MaxTranscriptBytes", start.Body!["errors"]!["transcript"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_build_list_pages_newest_first_and_refuses_a_page_size_out_of_range()
    {
        var recording = ObjectKeys.Upload(User, "paged.wav");
        await api.Get<ObjectStore>().WriteTextAsync(recording, "not audio: each build fails at its first step", "audio/wav", WriteCondition.Overwrite, CancellationToken.None);
        var started = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var start = await StartAsync("paged", Body(recording));
            Assert.Equal(202, start.Status);
            started.Add(start.Body!["buildId"]!.GetValue<string>());
            await WaitForEndAsync(started[^1]);
        }

        var first = await ListAsync("paged", "?pageSize=2");
        var token = first.Body!["nextPageToken"]!.GetValue<string>();
        var second = await ListAsync("paged", $"?pageSize=2&pageToken={Uri.EscapeDataString(token)}");

        var listed = first.Body["builds"]!.AsArray().Concat(second.Body!["builds"]!.AsArray()).Select(b => b!["buildId"]!.GetValue<string>()).ToList();
        Assert.Equal(2, first.Body["builds"]!.AsArray().Count);
        Assert.Null(second.Body["nextPageToken"]);
        Assert.Equal(Enumerable.Reverse(started), listed);
        Assert.Equal(400, (await ListAsync("paged", "?pageSize=0")).Status);
        Assert.Equal(400, (await ListAsync("paged", "?pageSize=101")).Status);
    }

    private async Task<ApiResponse> ListAsync(string episode, string query)
    {
        var request = api.Request("GET", $"/api/episodes/{episode}/builds{query}", User);
        return await ApiFixture.SendAsync(request, api.Builds.ListBuilds(request, api.Client, episode, CancellationToken.None));
    }

    /// <summary>The PUT an upload ticket describes, with every header it names (the size range is signed).</summary>
    private static HttpRequestMessage SignedPut(JsonNode ticket, HttpContent content)
    {
        var put = new HttpRequestMessage(HttpMethod.Put, ticket["uploadUrl"]!.GetValue<string>()) { Content = content };
        foreach (var (name, value) in ticket["headers"]!.AsObject().Where(h => h.Key != "Content-Type"))
        {
            put.Headers.Add(name, value!.GetValue<string>());
        }

        return put;
    }
}
