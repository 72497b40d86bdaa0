using System.Text.Json.Nodes;
using EpisodeBuilder.Activities.Queue;
using EpisodeBuilder.Media.Samples;
using EpisodeBuilder.Storage;

namespace EpisodeBuilder.Functions.Tests;

/// <summary>The app with one running build and two waiting per user, and a recheck far longer than any wait here.</summary>
public sealed class FairShareApiFixture : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Queue:MaxRunningPerUser", "1"),
        new("Queue:MaxQueuedPerUser", "2"),
        new("Queue:RecheckInterval", "00:05:00"),
        new("Queue:RetryAfter", "00:02:00"),
    ];
}

/// <summary>
/// Per-user fairness on the real engine (Azure Storage on Azurite) through the HTTP classes: a user's builds beyond the
/// running limit wait in line and say so, beyond the queued limit are refused with 429 and Retry-After, and never hold
/// back another user's build; a build that ends wakes the next at once.
/// </summary>
public sealed class FairShareTests(FairShareApiFixture api) : IClassFixture<FairShareApiFixture>
{
    private const string Show = """{ "title": "Fair Show", "description": "Tests of fairness.", "author": "Fair", "ownerName": "Fair", "ownerEmail": "fair@example.com", "imageUrl": "https://cdn.example.test/fair/cover.png", "category": "Technology" }""";

    private async Task<ApiResponse> StartAsync(string user, string episode, string recording, bool review = false)
    {
        var body = $$"""{ "recording": "{{recording}}", "review": {{(review ? "true" : "false")}}, "publish": { "podcast": "{{user}}show", "title": "Episode {{episode}}", "show": {{Show}} } }""";
        var request = api.Request("POST", $"/api/episodes/{episode}/builds", user, body);
        return await ApiFixture.SendAsync(request, api.Builds.StartBuild(request, api.Client, episode, CancellationToken.None));
    }

    private async Task<JsonNode> StatusAsync(string user, string buildId)
    {
        var request = api.Request("GET", $"/api/builds/{buildId}", user);
        return (await ApiFixture.SendAsync(request, api.Builds.GetBuild(request, api.Client, buildId, CancellationToken.None))).Body!;
    }

    private async Task<JsonNode> WaitForAsync(string user, string buildId, Func<JsonNode, bool> done, TimeSpan timeout, List<string>? seen = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await StatusAsync(user, buildId);
            seen?.Add(status["status"]!.GetValue<string>());
            if (done(status))
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{buildId} did not get there in {timeout}: {status.ToJsonString()}");
            await Task.Delay(200);
        }
    }

    private static bool Ended(JsonNode status) => status["status"]!.GetValue<string>() is "Completed" or "Failed" or "Canceled";

    private static DateTime Step(JsonNode status, string step, string field) =>
        status["steps"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == step)![field]!.GetValue<DateTime>();

    private async Task<string> UploadAsync(string user, string path)
    {
        var key = ObjectKeys.Upload(user, "fair.wav");
        await api.Get<ObjectStore>().UploadFileAsync(path, key, "audio/wav");
        return key;
    }

    [Fact]
    public async Task A_users_extra_builds_wait_in_line_past_it_are_refused_and_never_hold_back_another_users_build()
    {
        var dir = Directory.CreateTempSubdirectory("fair-").FullName;
        var recording = await api.Get<SampleRecordingGenerator>().GenerateAsync(
            ["Welcome back to the show about fair queues.", "Today we talk about waiting in line.", "Every listener gets a turn, and nobody waits for ever.", "That is all for today."],
            Path.Combine(dir, "r.wav"), dir, CancellationToken.None);
        var anna = await UploadAsync("anna", recording.WavPath);
        var ben = await UploadAsync("ben", recording.WavPath);

        var a1 = await StartAsync("anna", "ep1", anna);
        var a2 = await StartAsync("anna", "ep2", anna);
        var a3 = await StartAsync("anna", "ep3", anna);
        var a4 = await StartAsync("anna", "ep4", anna);
        var b1 = await StartAsync("ben", "ep1", ben);

        Assert.Equal([202, 202, 202, 429, 202], new[] { a1, a2, a3, a4, b1 }.Select(r => r.Status));
        Assert.Equal([0, 1, 2], new[] { a1, a2, a3 }.Select(r => r.Body!["queuePosition"]!.GetValue<int>()));
        Assert.Equal("120", a4.RetryAfter);
        Assert.Contains("Queue:MaxQueuedPerUser", a4.Body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, b1.Body!["queuePosition"]!.GetValue<int>());
        var (a1Id, a2Id, a3Id, b1Id) = (Id(a1), Id(a2), Id(a3), Id(b1));

        // While anna's first build runs, her second and third wait and say where they stand; ben's build is not held back.
        var queued = await WaitForAsync("anna", a2Id, s => s["status"]!.GetValue<string>() == "Queued" || Ended(s), TimeSpan.FromMinutes(1));
        Assert.Equal("Queued", queued["status"]!.GetValue<string>());
        Assert.Equal(1, queued["queuePosition"]!.GetValue<int>());
        Assert.Equal(2, (await WaitForAsync("anna", a3Id, s => s["status"]!.GetValue<string>() == "Queued", TimeSpan.FromMinutes(1)))["queuePosition"]!.GetValue<int>());
        Assert.False(Ended(await StatusAsync("anna", a1Id)), "anna's first build ended before her second was seen waiting");
        Assert.Equal("Running", (await StatusAsync("ben", b1Id))["status"]!.GetValue<string>());

        // A waiting build canceled leaves the line: the build behind it keeps its place.
        var cancel = api.Request("POST", $"/api/builds/{a3Id}/cancel", "anna");
        Assert.Equal(202, (await ApiFixture.SendAsync(cancel, api.Builds.CancelBuild(cancel, api.Client, a3Id, CancellationToken.None))).Status);
        var a3End = await WaitForAsync("anna", a3Id, Ended, TimeSpan.FromMinutes(1));
        Assert.Equal("Canceled", a3End["status"]!.GetValue<string>());

        var benStates = new List<string>();
        var b1End = await WaitForAsync("ben", b1Id, Ended, TimeSpan.FromMinutes(4), benStates);
        Assert.Equal("Completed", b1End["status"]!.GetValue<string>());
        Assert.DoesNotContain("Queued", benStates);

        var a1End = await WaitForAsync("anna", a1Id, Ended, TimeSpan.FromMinutes(4));
        var a2End = await WaitForAsync("anna", a2Id, Ended, TimeSpan.FromMinutes(4));
        Assert.Equal("Completed", a1End["status"]!.GetValue<string>());
        Assert.Equal("Completed", a2End["status"]!.GetValue<string>());

        // Anna's builds ran one after the other, and the second started as soon as the first ended: woken by it, not by
        // the five-minute recheck.
        var firstEnded = Step(a1End, "publish", "finishedAt");
        var secondStarted = Step(a2End, "inspect", "startedAt");
        Assert.True(secondStarted >= firstEnded, $"anna's second build started at {secondStarted:O}, before her first ended at {firstEnded:O}");
        Assert.True(secondStarted - firstEnded < TimeSpan.FromSeconds(60), $"anna's second build started {secondStarted - firstEnded} after her first ended");

        // Every build has left its line, and anna may queue again.
        var line = api.Get<UserBuildLine>();
        Assert.Empty(await line.ReadAsync("anna", CancellationToken.None));
        Assert.Empty(await line.ReadAsync("ben", CancellationToken.None));
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task A_build_awaiting_its_review_gives_its_place_to_the_users_next_build()
    {
        var dir = Directory.CreateTempSubdirectory("fair-review-").FullName;
        var recording = await api.Get<SampleRecordingGenerator>().GenerateAsync(["A short episode to review.", "It waits for its owner."], Path.Combine(dir, "r.wav"), dir, CancellationToken.None);
        var key = await UploadAsync("cleo", recording.WavPath);

        var reviewed = Id(await StartAsync("cleo", "rev1", key, review: true));
        await WaitForAsync("cleo", reviewed, s => s["status"]!.GetValue<string>() == "AwaitingReview", TimeSpan.FromMinutes(3));

        // One running place, held by nobody while the first build waits for its owner: the next one runs at once and ends.
        var next = await StartAsync("cleo", "rev2", key);
        Assert.Equal(0, next.Body!["queuePosition"]!.GetValue<int>());
        var states = new List<string>();
        var done = await WaitForAsync("cleo", Id(next), Ended, TimeSpan.FromMinutes(3), states);
        Assert.Equal("Completed", done["status"]!.GetValue<string>());
        Assert.DoesNotContain("Queued", states);
        Assert.Equal("AwaitingReview", (await StatusAsync("cleo", reviewed))["status"]!.GetValue<string>());

        var cancel = api.Request("POST", $"/api/builds/{reviewed}/cancel", "cleo");
        Assert.Equal(202, (await ApiFixture.SendAsync(cancel, api.Builds.CancelBuild(cancel, api.Client, reviewed, CancellationToken.None))).Status);
        Assert.Equal("Canceled", (await WaitForAsync("cleo", reviewed, Ended, TimeSpan.FromMinutes(1)))["status"]!.GetValue<string>());
        Assert.Empty(await api.Get<UserBuildLine>().ReadAsync("cleo", CancellationToken.None));
        Directory.Delete(dir, true);
    }

    private static string Id(ApiResponse started) => started.Body!["buildId"]!.GetValue<string>();
}
