using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EpisodeBuilder.LocalHostDriver;
using EpisodeBuilder.Media;
using EpisodeBuilder.Media.Editing;

namespace EpisodeBuilder.Bench;

/// <summary>
/// A whole episode build per recording length, as a frontend drives it, measured against what the same work costs with
/// nothing around it. Per length, in order: the generated recording (made once, then cached); a fresh
/// <c>LocalHost serve</c> process (Release build, Azurite engine, its own data folder) that gets the uploads and the
/// build (the default engine transcribes: no transcript is supplied), polled every second (as the builds page does)
/// while the server's and its tools' memory is sampled every 250 ms; the first snippet call near the end of the
/// recording; then, with the server stopped, the media floor (<see cref="MediaFloor"/>) and the transcription floor
/// (<see cref="TranscriptionFloor"/>). The transcription floor is also measured before the build, so the build's
/// transcription is compared with the mean of one floor on each side of it: the benchmark VM's speed drifts over the
/// half hour a length takes, and a floor taken only after the build would carry all of that drift into the ratio.
/// A <see cref="SpeedProbe"/> before the build, after it and after the floors shows whether the machine kept its speed
/// between the moments whose wall times are compared.
/// </summary>
public sealed class BuildBenchmark(BuildBenchmarkOptions options, TextWriter progress)
{
    public const double LoudnessLufs = -16;
    public const double SnippetSeconds = 30;

    /// <summary>As often as the builds page polls the build it shows: polling is load on the app and Azurite it measures.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SampleInterval = ToolRun.SampleInterval;
    private static readonly TimeSpan ServerStartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan ServerStopTimeout = TimeSpan.FromSeconds(60);

    private static readonly JsonSerializerOptions StatusJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<BuildBenchmarkResult> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.Now;
        var machine = await MachineAsync(cancellationToken);
        var recordings = new BenchRecordings(options.RecordingsDirectory, progress);
        var appDll = LocalHostAppDll(options.Repository);
        var stamp = startedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var lengths = new List<LengthResult>();
        SpeedProbe? probe = null;
        string? failure = null;
        try
        {
            foreach (var minutes in options.Minutes)
            {
                var recording = await recordings.EnsureAsync(minutes, cancellationToken);
                var run = Path.Combine(options.RunsDirectory, $"{stamp}-{minutes}min");
                probe ??= await SpeedProbe.PrepareAsync(recording.Wav, Path.Combine(options.RunsDirectory, $"{stamp}-probe"), cancellationToken);
                lengths.Add(await MeasureAsync(appDll, recording, run, probe, cancellationToken));
            }
        }
        catch (Exception e) when (e is BenchFailedException or HttpRequestException or ApiCallException or TimeoutException or InvalidOperationException or MediaProcessingException or FormatException)
        {
            // Reported with the lengths measured so far; the server of the failed length has been stopped.
            failure = e is BenchFailedException ? e.Message : $"{e.GetType().Name}: {e.Message}";
        }

        return new BuildBenchmarkResult(startedAt, machine, options.Minutes, lengths, BuildTargets.Scale(lengths), BuildTargets.Evaluate(lengths), failure);
    }

    private async Task<LengthResult> MeasureAsync(string appDll, BenchRecording recording, string run, SpeedProbe probe, CancellationToken cancellationToken)
    {
        var minutes = recording.Minutes;
        var floor = Path.Combine(run, "floor");
        progress.WriteLine($"==> {minutes} min: transcription floor before the build (PocketSphinx, serial)");
        var transcriptionBefore = await TranscriptionFloor.MeasureAsync(recording.Wav, floor, cancellationToken);
        progress.WriteLine(Invariant($"    {transcriptionBefore.Seconds:F1} s"));
        var probes = new List<ProbeTime> { await ProbeAsync(probe, "before the build", cancellationToken) };
        var episodeId = string.Create(CultureInfo.InvariantCulture, $"bench-{minutes}min");
        progress.WriteLine($"==> {minutes} min: starting the local host (data in {run})");
        BuildStatusView status;
        double total;
        SnippetTiming snippet;
        AppMemory memory;
        EditPlan plan;
        Directory.CreateDirectory(run);
        var data = Path.Combine(run, "data");
        var environment = new Dictionary<string, string> { ["Workspace__Root"] = Path.Combine(run, "workspaces") };

        // The GCS emulator runs in a process of its own, as storage is a service apart: the app's measured memory is the app's.
        await using (var emulator = await GcsEmulatorProcess.StartAsync(GcsEmulatorProcess.AppDll(options.Repository), Path.Combine(data, "gcs"), Path.Combine(data, "dev-signer.json"), cancellationToken))
        await using (var server = await LocalHostProcess.StartAsync(
            appDll, ["--port", "0", "--gcs", emulator.Url.ToString(), "--data", data], environment, Path.Combine(run, "server.log"), ServerStartTimeout, cancellationToken: cancellationToken))
        {
            using var api = new EpisodeBuilderApi(server.ApiUrl!, TimeSpan.FromMinutes(30));
            using var objects = new GcsObjects(emulator.Url);

            // Sampled from before the uploads: the app's peak (its VmHWM) counts them too, so the timeline must.
            await using var sampler = ProcessSampler.Start(server.Pid, SampleInterval);
            progress.WriteLine($"    API {server.ApiUrl}, server pid {server.Pid}; uploading the recording, intro and outro");
            var recordingKey = await api.UploadAsync(recording.Wav, "recording.wav", "audio/wav", cancellationToken);
            var introKey = await api.UploadAsync(recording.Intro, "intro.wav", "audio/wav", cancellationToken);
            var outroKey = await api.UploadAsync(recording.Outro, "outro.wav", "audio/wav", cancellationToken);
            var request = new
            {
                recording = recordingKey,
                intro = introKey,
                outro = outroKey,
                cleanup = new { flubber = true, fillers = true, maxSilenceSeconds = 1.5 },
                loudnessLufs = LoudnessLufs,
                publish = new
                {
                    podcast = "bench-show",
                    title = $"Bench, {minutes} minutes",
                    description = "Built by script/bench build.",
                    show = new { title = "Bench Show", description = "Episodes built by script/bench build.", author = "Episode Builder", ownerName = "Episode Builder", ownerEmail = "bench@example.com", imageUrl = "https://example.com/bench-show/cover.png", category = "Technology" },
                },
            };

            var buildStarted = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            var buildId = await api.StartBuildAsync(episodeId, request, cancellationToken);
            progress.WriteLine($"    build {buildId}");
            status = BuildStatusView.From(await api.WaitForEndAsync(
                buildId,
                Timeout.InfiniteTimeSpan,
                s => progress.WriteLine(Invariant($"    {clock.Elapsed.TotalSeconds,7:F1} s  {s["status"],-9} {s["progress"],3}%  {s["step"]}").TrimEnd()),
                PollInterval,
                cancellationToken));
            total = clock.Elapsed.TotalSeconds;
            var buildEnded = DateTimeOffset.UtcNow;
            if (status.Status != "Completed")
            {
                throw new BenchFailedException(
                    $"the {minutes}-minute build {buildId} ended {status.Status} at step {status.Error?.Step ?? status.Step ?? "?"}: {status.Error?.Message ?? "no error given"} (server log: {Path.Combine(run, "server.log")})");
            }

            var start = SnippetStart(minutes, recording.DurationSeconds);
            var snippetClock = Stopwatch.StartNew();
            await api.CreateSnippetAsync(episodeId, recordingKey, start, start + SnippetSeconds, cancellationToken);
            var snippetMs = snippetClock.Elapsed.TotalMilliseconds;
            snippet = new SnippetTiming(recordingKey, start, start + SnippetSeconds, snippetMs);
            progress.WriteLine(Invariant($"    snippet {start:F0}-{start + SnippetSeconds:F0} s of the recording: {snippetMs:F0} ms"));

            var peaks = await sampler.StopAsync();
            var hwm = ProcFs.ReadMemory(server.Pid) ?? throw new BenchFailedException("the local host ended before its memory was read: " + server.Tail());
            var timeline = new MemoryTimeline(peaks.Timeline, buildStarted, buildEnded, status.Steps);
            await File.WriteAllTextAsync(Path.Combine(run, "app-memory.csv"), timeline.ToCsv(), cancellationToken);
            memory = new AppMemory(Math.Round(hwm.HwmKb / 1024.0, 1), peaks.PeakRssMb, peaks.Tools, peaks.Samples, timeline.Peak(), timeline.PhasePeaks());
            progress.WriteLine(Invariant($"    app peak {memory.AppPeakRssMb:F0} MB (VmHWM); highest sample {memory.SampledPeak?.RssMb:F0} MB during {memory.SampledPeak?.Phase}"));

            var planKey = status.Outputs.EditPlan ?? throw new BenchFailedException($"the build {buildId} completed without an edit plan in its outputs");
            var planJson = Encoding.UTF8.GetString(await objects.GetAsync(planKey, cancellationToken) ?? throw new BenchFailedException($"no object '{planKey}' in the emulator's bucket"));
            await File.WriteAllTextAsync(Path.Combine(run, "edit-plan.json"), planJson, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(run, "status.json"), JsonSerializer.Serialize(status, StatusJson), cancellationToken);
            plan = EditPlan.FromJson(planJson);

            progress.WriteLine("    stopping the local host (SIGTERM)");
            await server.StopAsync(ServerStopTimeout);
        }

        probes.Add(await ProbeAsync(probe, "after the build", cancellationToken));
        progress.WriteLine($"==> {minutes} min: media floor (2 FFmpeg passes) and transcription floor after the build (PocketSphinx, serial)");
        var media = await MediaFloor.MeasureAsync(recording, plan, LoudnessLufs, floor, cancellationToken);
        var transcription = await TranscriptionFloor.MeasureAsync(recording.Wav, floor, cancellationToken);
        progress.WriteLine(Invariant($"    media {media.Seconds:F1} s, transcription {transcription.Seconds:F1} s"));
        probes.Add(await ProbeAsync(probe, "after the floors", cancellationToken));

        var steps = status.Steps
            .Select(s => new StepTime(s.Name, s.Status, s.Status != "Skipped" && s.StartedAt is { } a && s.FinishedAt is { } b ? Math.Round((b - a).TotalSeconds, 3) : null, s.Worker))
            .ToList();
        var result = new LengthResult(
            minutes, recording, Path.GetFullPath(run), status.BuildId, steps, Math.Round(total, 3), null, media, null, null, transcription, null, snippet, memory, Edits(plan), probes, transcriptionBefore);
        // Without review the merge cuts the content itself and clean-audio is skipped: it counts only when it ran.
        double? mediaSeconds = (result.StepSeconds("clean-audio") ?? 0) + result.StepSeconds("merge") + result.StepSeconds("encode");
        var transcribe = result.StepSeconds("transcribe");
        return result with
        {
            MediaSeconds = mediaSeconds,
            MediaRatio = mediaSeconds / media.Seconds,
            TranscribeSeconds = transcribe,
            TranscriptionRatio = transcribe / result.TranscriptionFloorSeconds,
        };
    }

    private async Task<ProbeTime> ProbeAsync(SpeedProbe probe, string moment, CancellationToken cancellationToken)
    {
        var time = await probe.MeasureAsync(moment, cancellationToken);
        progress.WriteLine(Invariant($"    speed probe {moment}: {time.Seconds:F2} s for {SpeedProbe.ClipSeconds:F0} s of speech; two at once {time.PairSeconds?[0]:F2} and {time.PairSeconds?[1]:F2} s ({time.CoresWorth:F2} cores' worth)"));
        return time;
    }

    /// <summary>Minute 55 of an hour: 5 minutes before the end from 10 minutes on, the middle of anything shorter.</summary>
    private static double SnippetStart(int minutes, double durationSeconds) =>
        minutes >= 10 ? Math.Min((minutes * 60.0) - 300, durationSeconds - SnippetSeconds) : durationSeconds / 2;

    private static EditSummary Edits(EditPlan plan) => new(
        plan.Cuts.Count,
        plan.Cuts.GroupBy(c => c.Reason.ToString().ToLowerInvariant()).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
        Math.Round(plan.RemovedSeconds, 2),
        plan.Markers.Count);

    private static async Task<MachineInfo> MachineAsync(CancellationToken cancellationToken)
    {
        var ffmpeg = await ToolRun.RunAsync("ffmpeg", ["-hide_banner", "-version"], cancellationToken);
        return new MachineInfo(
            Environment.ProcessorCount,
            Math.Round(ProcFs.TotalMemoryKb() / 1024.0),
            ProcFs.CpuModel(),
            Environment.OSVersion.VersionString,
            Environment.Version.ToString(),
            ffmpeg.Output.Split('\n')[0].Trim());
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The Release build of the local host, under the repository's <c>src/LocalHost</c> (script/bench builds it).</summary>
    internal static string LocalHostAppDll(string repository)
    {
        var dll = Path.Combine(repository, "src", "LocalHost", "bin", "Release", "net10.0", "EpisodeBuilder.LocalHost.dll");
        return File.Exists(dll) ? dll : throw new BenchFailedException($"no Release build of the local host at {dll}: run through script/bench, which builds it (dotnet build src/LocalHost -c Release)");
    }
}

/// <summary>What <c>script/bench build</c> runs: the lengths in minutes, where recordings are cached and runs kept, and the repository root.</summary>
public sealed record BuildBenchmarkOptions(IReadOnlyList<int> Minutes, string RecordingsDirectory, string RunsDirectory, string Repository);
