using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using EpisodeBuilder.LocalHostDriver;

namespace EpisodeBuilder.Bench;

/// <summary>What <c>script/bench load</c> runs: how many builds, on how many workers, the fair-share scenario or not, and where.</summary>
public sealed record LoadBenchmarkOptions(int Builds, IReadOnlyList<int> Workers, bool FairShare, IReadOnlyList<string> Faults, TimeSpan Timeout, string RecordingsDirectory, string RunsDirectory, string Repository, string Json)
{
    /// <summary>The fault scenarios <c>--faults</c> may name.</summary>
    public static IReadOnlyList<string> FaultNames { get; } = ["storage", "workers", "azurite"];
}

/// <summary>
/// Many podcasters at once on a local cluster (<see cref="LoadCluster"/>): per worker count, <c>N</c> builds of different
/// users' episodes (recordings of 2, 3 and 4 minutes in turn, each user its own uploads) are submitted at once through
/// the API, and every build's status is polled until all have ended. Then, on one worker, the fair-share scenario: one
/// user submits ten builds, another one build right after, and the one build's wall time is set against how long one of
/// the ten took to run. With faults, the throughput scenario again on two workers: once with storage answering 5 % of
/// requests with 503 after 20 ms and restarted mid-run, once with one worker killed (SIGKILL, its tools too) and
/// another stopped (SIGTERM) mid-run, a new worker started after each, once with Azurite killed (SIGKILL) and started
/// again on its data. Times come from the builds' own step timeline (the orchestration clock); a build's wait is from
/// its acceptance to the start of its first step.
/// </summary>
public sealed class LoadBenchmark(LoadBenchmarkOptions options, TextWriter progress)
{
    private static readonly int[] Lengths = [2, 3, 4];
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private const string Podcast = "load-show";
    private readonly DateTimeOffset _startedAt = DateTimeOffset.Now;

    public async Task<LoadBenchmarkResult> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = _startedAt;
        var recordings = new BenchRecordings(options.RecordingsDirectory, progress);
        var wavs = new Dictionary<int, BenchRecording>();
        foreach (var minutes in Lengths)
        {
            wavs[minutes] = await recordings.EnsureAsync(minutes, cancellationToken);
        }

        var appDll = Path.Combine(options.Repository, "src", "LocalHost", "bin", "Release", "net10.0", "EpisodeBuilder.LocalHost.dll");
        if (!File.Exists(appDll))
        {
            throw new BenchFailedException($"no Release build of the local host at {appDll}: run through script/bench, which builds it");
        }

        var stamp = startedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var scenarios = new List<LoadScenarioResult>();
        var many = Enumerable.Range(1, options.Builds)
            .Select(i => new Submission(string.Create(CultureInfo.InvariantCulture, $"user{i:00}"), "ep1", wavs[Lengths[(i - 1) % Lengths.Length]]))
            .ToList();
        foreach (var workers in options.Workers)
        {
            await AddAsync(scenarios, await RunScenarioAsync(new($"{options.Builds} users, {workers} worker{(workers == 1 ? string.Empty : "s")}", "throughput", workers, many), Path.Combine(options.RunsDirectory, $"{stamp}-load-w{workers}"), appDll, cancellationToken));
        }

        if (options.FairShare)
        {
            var submissions = Enumerable.Range(1, 10)
                .Select(i => new Submission("heavy", string.Create(CultureInfo.InvariantCulture, $"ep{i:00}"), wavs[2]))
                .Append(new Submission("light", "ep01", wavs[2]))
                .ToList();
            await AddAsync(scenarios, await RunScenarioAsync(new("one user's 10 builds and another's 1, 1 worker", "fair-share", 1, submissions), Path.Combine(options.RunsDirectory, $"{stamp}-fair"), appDll, cancellationToken));
        }

        if (options.Faults.Contains("storage"))
        {
            await AddAsync(scenarios, await RunScenarioAsync(
                new($"{options.Builds} users, 2 workers, storage 5 % 503s + 20 ms, restarted at 60 s", "faults", 2, many, ["--fault-rate", "0.05", "--latency-ms", "20"],
                    [new(TimeSpan.FromSeconds(60), "restart the GCS emulator", (c, t) => c.RestartGcsAsync(t))]),
                Path.Combine(options.RunsDirectory, $"{stamp}-faults-storage"), appDll, cancellationToken));
        }

        if (options.Faults.Contains("workers"))
        {
            await AddAsync(scenarios, await RunScenarioAsync(
                new($"{options.Builds} users, 2 workers, one SIGKILLed at 40 s and one SIGTERMed at 80 s", "faults", 2, many, [],
                    [
                        new(TimeSpan.FromSeconds(40), "SIGKILL a worker, start another", async (c, t) => { await c.SignalOldestWorkerAsync(LocalHostProcess.SigKill); await c.AddWorkerAsync(t); }),
                        new(TimeSpan.FromSeconds(80), "SIGTERM a worker, start another", async (c, t) => { await c.SignalOldestWorkerAsync(LocalHostProcess.SigTerm); await c.AddWorkerAsync(t); }),
                    ]),
                Path.Combine(options.RunsDirectory, $"{stamp}-faults-workers"), appDll, cancellationToken));
        }

        if (options.Faults.Contains("azurite"))
        {
            await AddAsync(scenarios, await RunScenarioAsync(
                new($"{options.Builds} users, 2 workers, Azurite SIGKILLed at 60 s and started again on its data", "faults", 2, many, [],
                    [new(TimeSpan.FromSeconds(60), "SIGKILL Azurite, start it again", (c, t) => c.RestartAzuriteAsync(t))]),
                Path.Combine(options.RunsDirectory, $"{stamp}-faults-azurite"), appDll, cancellationToken));
        }

        return new LoadBenchmarkResult(startedAt, Environment.ProcessorCount, scenarios);
    }

    // Each scenario's result is written as soon as it is known, so a later scenario that fails loses nothing before it.
    private async Task AddAsync(List<LoadScenarioResult> scenarios, LoadScenarioResult scenario)
    {
        scenarios.Add(scenario);
        var partial = new LoadBenchmarkResult(_startedAt, Environment.ProcessorCount, scenarios);
        LoadReport.WriteTable(partial with { Scenarios = [scenario] }, progress);
        await LoadReport.WriteJsonAsync(partial, options.Json, CancellationToken.None);
    }

    private async Task<LoadScenarioResult> RunScenarioAsync(Scenario scenario, string run, string appDll, CancellationToken cancellationToken)
    {
        progress.WriteLine($"==> {scenario.Name}: starting the cluster (data and logs in {run})");
        Directory.CreateDirectory(run);
        LoadScenarioResult result;
        await using (var cluster = await LoadCluster.StartAsync(options.Repository, appDll, run, scenario.Workers, scenario.GcsArguments ?? [], cancellationToken))
        {
            result = await DriveAsync(scenario, cluster, run, cancellationToken);
            progress.WriteLine("    stopping the cluster");
        }

        return result with { Checks = result.Checks! with { WorkspacesLeft = LoadChecks.CountWorkspaces(Path.Combine(run, "workspaces")) } };
    }

    private async Task<LoadScenarioResult> DriveAsync(Scenario scenario, LoadCluster cluster, string run, CancellationToken cancellationToken)
    {
        var (name, kind, workers, submissions) = (scenario.Name, scenario.Kind, scenario.Workers, scenario.Submissions);
        var clients = submissions.Select(s => s.User).Distinct().ToDictionary(u => u, u => new EpisodeBuilderApi(cluster.ApiUrl, TimeSpan.FromMinutes(5), u));
        try
        {
            // Each user uploads each recording they use once, before anything is submitted.
            var keys = new Dictionary<(string, int), string>();
            foreach (var (user, minutes) in submissions.Select(s => (s.User, s.Recording.Minutes)).Distinct())
            {
                keys[(user, minutes)] = await RetriedAsync(() => clients[user].UploadAsync(submissions.First(s => s.Recording.Minutes == minutes).Recording.Wav, $"talk-{minutes}min.wav", "audio/wav", cancellationToken), cancellationToken);
            }

            progress.WriteLine($"    submitting {submissions.Count} builds at once");
            var clock = Stopwatch.StartNew();
            var accepted = new List<(Submission Submission, string BuildId, DateTimeOffset At)>();
            if (kind == "fair-share")
            {
                // The heavy user's builds are all in before the light user's one.
                foreach (var submission in submissions)
                {
                    accepted.Add(await SubmitAsync(clients[submission.User], submission, keys, cancellationToken));
                }
            }
            else
            {
                accepted.AddRange(await Task.WhenAll(submissions.Select(s => SubmitAsync(clients[s.User], s, keys, cancellationToken))));
            }

            // The faults happen at their times from the submission, whatever the polling does meanwhile.
            using var stopFaults = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var faults = Task.Run(async () =>
            {
                foreach (var fault in scenario.Faults ?? [])
                {
                    var wait = fault.At - clock.Elapsed;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, stopFaults.Token);
                    }

                    progress.WriteLine(Invariant($"    {clock.Elapsed.TotalSeconds,7:F0} s  fault: {fault.What}"));
                    await fault.Act(cluster, stopFaults.Token);
                }
            }, stopFaults.Token);

            var ended = new Dictionary<string, BuildStatusView>();
            while (ended.Count < accepted.Count && clock.Elapsed < options.Timeout)
            {
                await Task.Delay(PollInterval, cancellationToken);
                foreach (var (submission, buildId, _) in accepted.Where(a => !ended.ContainsKey(a.BuildId)))
                {
                    JsonNode status;
                    try
                    {
                        status = await clients[submission.User].StatusAsync(buildId, cancellationToken);
                    }
                        catch (Exception e) when (e is HttpRequestException or ApiCallException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                    {
                        // The API answers 503 while storage is down: asked again at the next poll.
                        continue;
                    }

                    var view = BuildStatusView.From(status);
                    if (view.Status is "Completed" or "Failed" or "Canceled")
                    {
                        ended[buildId] = view;
                        progress.WriteLine(Invariant($"    {clock.Elapsed.TotalSeconds,7:F0} s  {submission.User}/{submission.Episode} {view.Status} ({ended.Count}/{accepted.Count})"));
                    }
                }
            }

            await stopFaults.CancelAsync();
            try
            {
                await faults;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            var builds = new List<LoadBuildResult>();
            var episodes = new Dictionary<string, string?>();
            foreach (var (submission, buildId, at) in accepted)
            {
                var view = ended.TryGetValue(buildId, out var done) ? done : BuildStatusView.From(await clients[submission.User].StatusAsync(buildId, cancellationToken));
                builds.Add(LoadBuildResult.From(submission.User, submission.Episode, submission.Recording.DurationSeconds, buildId, at, view));
                episodes[buildId] = view.Outputs.Episode;
            }

            progress.WriteLine("    checking feeds, MP3s and lines");
            var checks = await LoadChecks.RunAsync(cluster.GcsUrl, Podcast, builds, episodes, Path.Combine(run, "check"), cancellationToken);
            return LoadScenarioResult.From(name, kind, workers, builds) with { Checks = checks };
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }
    }

    private static async Task<(Submission, string, DateTimeOffset)> SubmitAsync(EpisodeBuilderApi api, Submission submission, Dictionary<(string, int), string> keys, CancellationToken cancellationToken)
    {
        var request = new
        {
            recording = keys[(submission.User, submission.Recording.Minutes)],
            cleanup = new { flubber = true, fillers = true, maxSilenceSeconds = 1.5 },
            publish = new
            {
                podcast = Podcast,
                title = $"Load, {submission.Episode}",
                show = new { title = $"{submission.User}'s show", description = "Episodes built by script/bench load.", author = submission.User, ownerName = submission.User, ownerEmail = "load@example.com", imageUrl = "https://example.com/load/cover.png", category = "Technology" },
            },
        };
        var buildId = await RetriedAsync(() => api.StartBuildAsync(submission.Episode, request, cancellationToken), cancellationToken);
        return (submission, buildId, DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// A call a frontend repeats when storage failed it (503, or an upload PUT the emulator refused): up to five times, a
    /// second apart. A start is safe to repeat only because a refused one kept nothing (a 409 after a lost answer would
    /// mean it did, and is reported).
    /// </summary>
    private static async Task<T> RetriedAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (ApiCallException e) when (e.Status is 503 or 500 && attempt < 5)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Submission(string User, string Episode, BenchRecording Recording);

    private sealed record Fault(TimeSpan At, string What, Func<LoadCluster, CancellationToken, Task> Act);

    private sealed record Scenario(string Name, string Kind, int Workers, IReadOnlyList<Submission> Submissions, IReadOnlyList<string>? GcsArguments = null, IReadOnlyList<Fault>? Faults = null);
}
