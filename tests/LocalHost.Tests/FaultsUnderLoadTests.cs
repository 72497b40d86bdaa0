using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EpisodeBuilder.LocalHostDriver;
using Xunit.Abstractions;

namespace EpisodeBuilder.LocalHost.Tests;

/// <summary>
/// Several users' builds at once on two workers while things break: storage fails one request in twenty and answers
/// slowly, or goes away and comes back; a worker is killed with its tools mid-step and another stopped with SIGTERM;
/// the task hub's Azurite is killed and restarted on its data. Every build must end Completed, each feed hold its one
/// episode once, each MP3 decode end to end to the length its feed states, and nothing be left: no workspace, no build
/// in any user's line.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class FaultsUnderLoadTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Users = ["ana", "bo", "cy"];
    private readonly ProcessTestContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public async Task Three_users_builds_complete_once_each_through_storage_faults_a_killed_and_a_stopped_worker()
    {
        await using var backends = await SharedBackends.StartAsync(_context.Data);
        var environment = _context.Environment;
        environment["DurableEngine__MaxConcurrentActivities"] = "1";
        await using var api = await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, backends.Arguments("--role", "api", "--port", "0"), environment);
        var workers = new List<LocalHostProcess>();
        try
        {
            for (var i = 1; i <= 2; i++)
            {
                workers.Add(await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, backends.Arguments("--role", "worker", "--worker-id", $"w{i}"), environment, ownProcessGroup: true));
            }

            var (clients, builds, requests) = await StartBuildsAsync(api.ApiUrl!, 90, "faultshow");

            // From here on storage has a bad day.
            backends.Gcs.Faults.FailRandomly(0.05, TimeSpan.FromMilliseconds(20), seed: 7);

            // Killed with its tools (its whole process group) once it works inside a step, then stopped in order once the
            // builds have moved on; a fresh worker is started after each, as a platform replaces a lost instance.
            await WaitForWorkspaceAsync(TimeSpan.FromMinutes(2));
            output.WriteLine("SIGKILL w1's process group");
            workers[0].SignalGroup(LocalHostProcess.SigKill);
            await workers[0].WaitForExitAsync(TimeSpan.FromSeconds(10));
            workers.Add(await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, backends.Arguments("--role", "worker", "--worker-id", "w3"), environment, ownProcessGroup: true));
            await workers[2].WaitForOutputAsync("runs on w3", TimeSpan.FromMinutes(3));
            output.WriteLine("SIGTERM w2");
            var stopping = Stopwatch.StartNew();
            await workers[1].StopAsync(TimeSpan.FromSeconds(30));
            output.WriteLine($"w2 stopped in {stopping.Elapsed.TotalSeconds:F1} s");
            workers.Add(await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, backends.Arguments("--role", "worker", "--worker-id", "w4"), environment, ownProcessGroup: true));

            await AssertEachCompletedOnceAsync(backends, clients, builds);

            // Asked with storage well again: under injected faults the API rightly answers a start with 503 and "try again".
            backends.Gcs.Faults.Clear();
            await AssertEachEpisodeFreeAsync(clients, requests);
            Assert.Equal(0, _context.WorkspacesLeft);
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }


    [Fact]
    public async Task Three_users_builds_complete_once_each_through_a_storage_restart_and_a_killed_azurite()
    {
        await using var backends = await SharedBackends.StartAsync(_context.Data);
        var environment = _context.Environment;
        environment["DurableEngine__MaxConcurrentActivities"] = "1";
        await using var api = await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, backends.Arguments("--role", "api", "--port", "0"), environment);
        await using var w1 = await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, backends.Arguments("--role", "worker", "--worker-id", "w1"), environment);
        await using var w2 = await LocalHostProcess.StartAsync(ProcessTestContext.AppDll, backends.Arguments("--role", "worker", "--worker-id", "w2"), environment);

        var (clients, builds, requests) = await StartBuildsAsync(api.ApiUrl!, 60, "restartshow");

        // Storage goes away for three seconds while steps read and write it.
        await WaitForWorkspaceAsync(TimeSpan.FromMinutes(2));
        output.WriteLine("GCS emulator down for 3 s");
        await backends.RestartGcsAsync(TimeSpan.FromSeconds(3));

        // The task hub dies without saving once the first build is a few steps further on, and comes back on its data.
        await WaitForStepsAsync(clients[Users[0]], builds[Users[0]], 3, TimeSpan.FromMinutes(3));
        output.WriteLine("SIGKILL Azurite");
        await backends.CrashAndRestartAzuriteAsync();

        await AssertEachCompletedOnceAsync(backends, clients, builds);
        await AssertEachEpisodeFreeAsync(clients, requests);
        Assert.Equal(0, _context.WorkspacesLeft);
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }
    }

    // Each user uploads the same recording of `seconds` with its transcript and starts a build of episode "talk".
    private async Task<(Dictionary<string, EpisodeBuilderApi> Clients, Dictionary<string, string> Builds, Dictionary<string, object> Requests)> StartBuildsAsync(Uri apiUrl, int seconds, string show)
    {
        var (wav, transcript) = await LongRecording.CreateAsync(_context.Inputs, seconds);
        var clients = Users.ToDictionary(u => u, u => new EpisodeBuilderApi(apiUrl, userId: u));
        var builds = new Dictionary<string, string>();
        var requests = new Dictionary<string, object>();
        foreach (var user in Users)
        {
            var recording = await clients[user].UploadAsync(wav, "talk.wav", "audio/wav");
            var transcriptKey = await clients[user].UploadAsync(transcript, "talk.json", "application/json");
            requests[user] = ProcessTestContext.Request(recording, transcriptKey, show);
            builds[user] = await clients[user].StartBuildAsync("talk", requests[user]);
        }

        return (clients, builds, requests);
    }

    // Each build Completed; its feed holds its episode once; its MP3 decodes end to end to the length the feed states; its
    // user's line is empty.
    private async Task AssertEachCompletedOnceAsync(SharedBackends backends, Dictionary<string, EpisodeBuilderApi> clients, Dictionary<string, string> builds)
    {
        using var published = new GcsObjects(backends.Gcs.BaseUri, GcsObjects.PublicBucket);
        using var objects = new GcsObjects(backends.Gcs.BaseUri);
        foreach (var user in Users)
        {
            var done = await clients[user].WaitForEndAsync(builds[user], TimeSpan.FromMinutes(5));
            output.WriteLine($"{user}: {done["status"]} {string.Join(", ", done["steps"]!.AsArray().Select(s => $"{s!["name"]}@{s["worker"]}"))}");
            Assert.True(done["status"]!.GetValue<string>() == "Completed", done.ToJsonString());

            var feed = Encoding.UTF8.GetString((await ReadAsync(published, done["outputs"]!["feed"]!.GetValue<string>()))!);
            Assert.Single(Regex.Matches(feed, "<item>"));
            var stated = TimeSpan.Parse(Regex.Match(feed, "<itunes:duration>([0-9:]+)</itunes:duration>").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).TotalSeconds;
            var mp3 = Path.Combine(_context.Inputs, user + ".mp3");
            await File.WriteAllBytesAsync(mp3, (await ReadAsync(published, done["outputs"]!["episode"]!.GetValue<string>()))!);
            Assert.InRange(await DecodedSecondsAsync(mp3), stated - 1.5, stated + 1.5);

            var line = await ReadAsync(objects, $"{user}/builds/queue.json");
            Assert.Empty(JsonNode.Parse(line!)!["builds"]!.AsArray());
        }

    }

    // Each episode's lock is free: another build of it is accepted (and canceled at once).
    private static async Task AssertEachEpisodeFreeAsync(Dictionary<string, EpisodeBuilderApi> clients, Dictionary<string, object> requests)
    {
        foreach (var user in Users)
        {
            var again = await clients[user].StartBuildAsync("talk", requests[user]);
            await clients[user].CancelAsync(again);
            var canceled = await clients[user].WaitForEndAsync(again, TimeSpan.FromMinutes(1));
            Assert.True(canceled["status"]!.GetValue<string>() == "Canceled", canceled.ToJsonString());
        }
    }

    private async Task WaitForStepsAsync(EpisodeBuilderApi client, string build, int steps, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await client.StatusAsync(build);
            Assert.True(status["status"]!.GetValue<string>() is "Pending" or "Queued" or "Running", $"ended before {steps} steps completed: {status.ToJsonString()}");
            if (status["steps"]!.AsArray().Count(s => s!["status"]!.GetValue<string>() == "Completed") >= steps)
            {
                output.WriteLine($"{steps} steps completed, at {status["step"]}");
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"fewer than {steps} steps completed: {status.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    private async Task WaitForWorkspaceAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_context.WorkspacesLeft == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no step made a workspace");
            await Task.Delay(20);
        }
    }

    // A read the injected faults fail is read again, as the product's own client does.
    private static async Task<byte[]?> ReadAsync(GcsObjects bucket, string key)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await bucket.GetAsync(key);
            }
            catch (HttpRequestException) when (attempt < 10)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task<double> DecodedSecondsAsync(string mp3)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-hide_banner", "-nostats", "-v", "error", "-xerror", "-i", mp3, "-f", "null", "-progress", "pipe:1", "-" })
        {
            info.ArgumentList.Add(argument);
        }

        using var ffmpeg = Process.Start(info)!;
        var stdout = ffmpeg.StandardOutput.ReadToEndAsync();
        var stderr = await ffmpeg.StandardError.ReadToEndAsync();
        await ffmpeg.WaitForExitAsync();
        Assert.True(ffmpeg.ExitCode == 0 && stderr.Trim().Length == 0, $"{mp3} does not decode: {stderr}");
        var last = (await stdout).Split('\n').Last(l => l.StartsWith("out_time_us=", StringComparison.Ordinal));
        return long.Parse(last["out_time_us=".Length..], System.Globalization.CultureInfo.InvariantCulture) / 1e6;
    }
}
