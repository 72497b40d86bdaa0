using System.Xml.Linq;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.Publishing;
using EpisodeBuilder.Activities.Tests.Infrastructure;
using EpisodeBuilder.Activities.Tests.Publishing;
using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Samples;
using EpisodeBuilder.Orchestration;
using EpisodeBuilder.Storage;
using Microsoft.DurableTask.Client;

namespace EpisodeBuilder.Activities.Tests.Orchestration;

[Collection(StorageCollection.Name)]
public sealed class EpisodeBuildTests(StorageFixture storage, Xunit.Abstractions.ITestOutputHelper output) : BuildHostTests(storage, "alice")
{
    [Fact]
    public async Task Episode_with_a_flubber_retake_is_built_and_published_as_measured()
    {
        var sample = await SampleEpisode.UploadAsync(Host.Get<SampleRecordingGenerator>(), Store, User, Dir);
        var build = NewBuild("ep1");
        var segment = new SegmentRequest("sponsor", "This episode is brought to you by the moon.", SegmentPosition.AfterIntro);

        var metadata = await Host.RunAsync(sample.Input(build, [segment]));

        Assert.True(metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage} {metadata.SerializedCustomStatus}");
        var result = metadata.ReadOutputAs<EpisodeBuildResult>()!;
        Assert.Equal(BuildState.Completed, result.State);
        Assert.Equal(build.Episode(), result.Outputs.Episode);

        // The final MP3 decodes and lasts intro + cleaned content + segment + outro.
        var mp3 = Path.Combine(Dir, "episode.mp3");
        await Store.DownloadToFileAsync(result.Outputs.Episode!, mp3, CancellationToken.None);
        var inspector = Host.Get<AudioInspector>();
        var info = await inspector.InspectAsync(mp3, CancellationToken.None);
        Assert.Equal("mp3", info.Codec);
        // Without review the merge cut the content itself: no cleaned content was stored, and clean-audio was skipped.
        Assert.Null(result.Outputs.Cleaned);
        Assert.Null(await Store.GetAsync(build.Cleaned(), CancellationToken.None));
        var cleaned = await ContentSecondsAsync(build);
        var spoken = await DurationOfAsync(ObjectKeys.AiSegment(User, "ep1", build.BuildId, "sponsor"));
        Assert.InRange(info.DurationSeconds, sample.IntroSeconds + cleaned + spoken + sample.OutroSeconds - 0.2, sample.IntroSeconds + cleaned + spoken + sample.OutroSeconds + 0.2);

        // The retaken span is gone: the plan cut from inside the pause before the first take to just before the retake, and
        // the content shrank by it.
        var plan = EditPlan.FromJson((await Store.ReadTextAsync(result.Outputs.EditPlan!, CancellationToken.None))!.Value.Text);
        var words = sample.Transcript.Words;
        var takes = words.Select((w, i) => (w, i)).Where(x => x.w.Text == "today").Select(x => x.w).ToList();
        var beforeTake = words.Last(w => w.End <= takes[0].Start);
        var flubber = Assert.Single(plan.Cuts, c => c.Reason == CutReason.Flubber);
        Assert.Equal(CutConfidence.Confirmed, flubber.Confidence);
        Assert.InRange(flubber.Start, beforeTake.End + 0.1, takes[0].Start - 0.1);
        Assert.InRange(flubber.End, takes[1].Start - 0.15, takes[1].Start);
        Assert.Contains("seventy", flubber.Text, StringComparison.Ordinal);
        Assert.InRange(cleaned, sample.RecordingSeconds - plan.RemovedSeconds - 0.2, sample.RecordingSeconds - plan.RemovedSeconds + 0.05);
        Assert.True(sample.RecordingSeconds - cleaned >= takes[1].Start - takes[0].Start, "the retake span was not removed");

        // Loudness lands within 1 LU of the target.
        var loudness = await Host.Get<LoudnessProcessor>().MeasureAsync(mp3, CancellationToken.None);
        Assert.InRange(loudness.IntegratedLufs, -17, -15);

        // The feed parses and lists the episode with the right enclosure length and duration.
        var feedXml = (await Store.ReadTextAsync(result.Outputs.Feed!, CancellationToken.None))!.Value.Text;
        Assert.Empty(FeedSpec.Violations(feedXml));
        var item = Assert.Single(XDocument.Parse(feedXml).Root!.Element("channel")!.Elements("item"));
        Assert.Equal(PodcastGuid.ForEpisode(PodcastGuid.ForFeed("https://cdn.example.test/" + result.Outputs.Feed), "ep1").ToString("D"), (string?)item.Element("guid"));
        Assert.Equal(new FileInfo(mp3).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)item.Element("enclosure")!.Attribute("length"));
        Assert.Equal("https://cdn.example.test/" + result.Outputs.Episode, (string?)item.Element("enclosure")!.Attribute("url"));
        Assert.Equal(PodcastFeed.FormatDuration(TimeSpan.FromSeconds(info.DurationSeconds)), (string?)item.Element(PodcastFeed.ITunes + "duration"));

        // Chapters, in the MP3 (ID3 CHAP frames, read back by ffprobe) and published beside it, on the episode's clock:
        // the intro, the sponsor segment, the content under the episode's title, the outro. The intern request is a note
        // to the team: it is in the plan, and in no public file.
        var chapters = await ProbeChaptersAsync(mp3);
        Assert.Equal(4, chapters.Count);
        var note = Assert.Single(plan.Markers, m => m.Kind == "intern").Text;
        Assert.False(string.IsNullOrWhiteSpace(note));
        Assert.Equal(("Intro", 0.0), (chapters[0].Title, Math.Round(chapters[0].Start, 1)));
        Assert.Equal("This episode is brought to you by the moon.", chapters[1].Title);
        Assert.InRange(chapters[1].Start, sample.IntroSeconds - 0.1, sample.IntroSeconds + 0.1);
        Assert.Equal("The Moon Landing", chapters[2].Title);
        Assert.InRange(chapters[2].Start, sample.IntroSeconds + spoken - 0.1, sample.IntroSeconds + spoken + 0.1);
        Assert.Equal("Outro", chapters[^1].Title);
        Assert.InRange(chapters[^1].Start, info.DurationSeconds - sample.OutroSeconds - 0.15, info.DurationSeconds - sample.OutroSeconds + 0.15);
        var published = ChaptersJson.Read((await Store.ReadTextAsync(build.EpisodeCompanion("chapters.json"), CancellationToken.None))!.Value.Text);
        Assert.Equal(chapters.Select(c => c.Title), published.Select(c => c.Title));

        // The published transcript follows the published audio: the content's first word comes after the intro and the
        // segment, and no word the edit cut is in it.
        using var episodeTranscript = System.Text.Json.JsonDocument.Parse((await Store.ReadTextAsync(build.EpisodeCompanion("transcript.json"), CancellationToken.None))!.Value.Text);
        var segmentsHeard = episodeTranscript.RootElement.GetProperty("segments");
        var firstStart = segmentsHeard[0].GetProperty("startTime").GetDouble();
        Assert.InRange(firstStart, sample.IntroSeconds + spoken + words[0].Start - 0.1, sample.IntroSeconds + spoken + words[0].Start + 0.1);
        Assert.Equal(words.Count(w => !plan.Cuts.Any(c => w.Start < c.End && w.End > c.Start)), segmentsHeard.GetArrayLength());
        var vtt = (await Store.ReadTextAsync(build.EpisodeCompanion("vtt"), CancellationToken.None))!.Value.Text;
        Assert.StartsWith("WEBVTT", vtt, StringComparison.Ordinal);
        var links = item.Elements(PodcastFeed.Podcast + "transcript").Select(t => ((string?)t.Attribute("type"), (string?)t.Attribute("url"))).ToList();
        Assert.Equal([("text/vtt", "https://cdn.example.test/" + build.EpisodeCompanion("vtt")), ("application/json", "https://cdn.example.test/" + build.EpisodeCompanion("transcript.json"))], links);
        Assert.Equal("https://cdn.example.test/" + build.EpisodeCompanion("chapters.json"), (string?)item.Element(PodcastFeed.Podcast + "chapters")!.Attribute("url"));
        foreach (var text in new[] { feedXml, vtt, (await Store.ReadTextAsync(build.EpisodeCompanion("chapters.json"), CancellationToken.None))!.Value.Text, episodeTranscript.RootElement.GetRawText() }
            .Concat(chapters.Select(c => c.Title)))
        {
            Assert.DoesNotContain(note, text, StringComparison.OrdinalIgnoreCase);
        }

        // Review snippets for the flubber and the intern request are in GCS.
        Assert.Equal(2, result.Outputs.Snippets!.Count);
        Assert.All(result.Outputs.Snippets, k => Assert.StartsWith("intern_snippets/alice/ep1/", k, StringComparison.Ordinal));
        Assert.Equal(0, await Host.RemainingWorkspacesAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_flubber_retake_is_heard_and_cut_without_a_supplied_transcript()
    {
        var sample = await SampleEpisode.UploadAsync(Host.Get<SampleRecordingGenerator>(), Store, User, Dir);
        var build = NewBuild("ep2");

        // The default engine transcribes: PocketSphinx in chunks, with keyword spotting for the markers. The recording is
        // 20 s with one retake, a third of its speech: far past the share an unreviewed build may cut (next test), so the
        // cap is lifted here to see the cut itself.
        var input = sample.Input(build);
        var metadata = await Host.RunAsync(input with { TranscriptKey = null, Cleanup = input.Cleanup with { MaxAutomaticCutShare = 1 } });

        Assert.True(metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage} {metadata.SerializedCustomStatus}");
        var result = metadata.ReadOutputAs<EpisodeBuildResult>()!;
        var transcript = EpisodeBuilder.Media.Transcription.Transcript.FromJson((await Store.ReadTextAsync(result.Outputs.Transcript!, CancellationToken.None))!.Value.Text);
        Assert.Equal("pocketsphinx", transcript.Engine);

        // The spotter heard "flubber" where it was said; the hit stays beside the words, which never say it.
        var words = sample.Transcript.Words;
        var spoken = words.Single(w => w.Text == "flubber");
        Assert.Contains(transcript.KeywordHits!, h => h.Text == "flubber" && h.Start < spoken.End && h.End > spoken.Start);
        Assert.DoesNotContain(transcript.Words, w => w.Text == "flubber");

        // PocketSphinx mishears this voice's words, so the retake is confirmed by its sound: the cut runs from the pause
        // before the first take to just before the retake.
        var plan = EditPlan.FromJson((await Store.ReadTextAsync(result.Outputs.EditPlan!, CancellationToken.None))!.Value.Text);
        var takes = words.Where(w => w.Text == "today").ToList();
        var flubber = Assert.Single(plan.Cuts, c => c.Reason == CutReason.Flubber);
        Assert.InRange(flubber.Start, takes[0].Start - 0.5, takes[0].Start);
        Assert.InRange(flubber.End, spoken.End, takes[1].Start);
        Assert.Equal(["keyword", "pause-before", "pause-after", "repeat", "sound-repeat"], flubber.Evidence.Select(e => e.Signal));

        // The episode lost the retaken span.
        var cleaned = await ContentSecondsAsync(build);
        Assert.InRange(cleaned, sample.RecordingSeconds - plan.RemovedSeconds - 0.2, sample.RecordingSeconds - plan.RemovedSeconds + 0.05);
        Assert.True(sample.RecordingSeconds - cleaned >= takes[1].Start - takes[0].Start - 0.5, "the retake span was not removed");
    }

    [Fact]
    public async Task An_unreviewed_build_whose_recognised_cuts_would_remove_too_much_speech_keeps_the_audio_and_lists_them()
    {
        var sample = await SampleEpisode.UploadAsync(Host.Get<SampleRecordingGenerator>(), Store, User, Dir);
        var build = NewBuild("ep-capped");

        var metadata = await Host.RunAsync(sample.Input(build) with { TranscriptKey = null, IntroKey = null, OutroKey = null });

        Assert.True(metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage} {metadata.SerializedCustomStatus}");
        var result = metadata.ReadOutputAs<EpisodeBuildResult>()!;
        var plan = EditPlan.FromJson((await Store.ReadTextAsync(result.Outputs.EditPlan!, CancellationToken.None))!.Value.Text);
        Assert.DoesNotContain(plan.Cuts, c => c.Reason is CutReason.Flubber or CutReason.Intern or CutReason.Filler);
        var flubber = Assert.Single(plan.Suggestions, c => c.Reason == CutReason.Flubber);
        Assert.Contains("more than the 5", flubber.Doubt, StringComparison.Ordinal);

        // The status lists what was only suggested; the episode keeps the retake.
        Assert.Equal(plan.Suggestions.Count, result.Outputs.Edits!.SuggestionCount);
        Assert.Contains(result.Outputs.Edits.Suggestions, s => s.Reason == "flubber" && s.Start == flubber.Start);
        var content = await ContentSecondsAsync(build);
        Assert.InRange(content, sample.RecordingSeconds - plan.RemovedSeconds - 0.2, sample.RecordingSeconds - plan.RemovedSeconds + 0.05);
        Assert.True(content > sample.RecordingSeconds - (flubber.End - flubber.Start) + 0.5, "the suggested retake was cut");
    }

    [Theory]
    [InlineData("text", "not in a recognised audio format")]
    [InlineData("empty", "empty")]
    [InlineData("truncated", "truncated")]
    [InlineData("missing", "does not exist")]
    public async Task Bad_upload_fails_at_inspection_with_a_clear_error_and_publishes_nothing(string kind, string message)
    {
        var key = ObjectKeys.Upload(User, $"{kind}.mp3");
        var path = Path.Combine(Dir, $"{kind}.mp3");
        switch (kind)
        {
            case "text":
                await File.WriteAllTextAsync(path, "not audio, just show notes\n");
                break;
            case "empty":
                await File.WriteAllBytesAsync(path, []);
                break;
            case "truncated":
                var full = Path.Combine(Dir, "full.mp3");
                await Host.Get<Mp3Encoder>().EncodeAsync(
                    (await Host.Get<SampleRecordingGenerator>().GenerateAsync(["one two three four five six"], Path.Combine(Dir, "s.wav"), Dir, CancellationToken.None)).WavPath,
                    full, new EpisodeTags("t", "a", "a", null, null), CancellationToken.None);
                var bytes = await File.ReadAllBytesAsync(full);
                await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 3)]);
                break;
        }

        if (kind != "missing")
        {
            await Store.UploadFileAsync(path, key, "audio/mpeg");
        }

        var build = NewBuild("bad" + kind);
        var input = new EpisodeBuildInput(build, key, null, null, null, null, [], new CleanupSettings(), -16, new PublishSettings("badshow", "Bad", null, TestShows.Moon));

        var metadata = await Host.RunAsync(input);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, metadata.RuntimeStatus);
        var progress = metadata.ReadCustomStatusAs<BuildProgress>()!;
        Assert.Equal(BuildState.Failed, progress.State);
        Assert.Equal(BuildSteps.Inspect, progress.Error!.Step);
        Assert.Contains(message, progress.Error.Message, StringComparison.Ordinal);
        Assert.Null(await Store.GetAsync(build.Episode(), CancellationToken.None));
        Assert.Null(await Store.GetAsync(ObjectKeys.Feed(User, "badshow"), CancellationToken.None));
        Assert.Equal(0, await Host.RemainingWorkspacesAsync(TimeSpan.FromSeconds(5)));
        // The failed build's upload is kept for a retry, then retires.
        if (kind != "missing")
        {
            AssertRetiresInAbout(30, await RetirementDateAsync(key));
        }
    }

    [Fact]
    public async Task Canceled_build_stops_publishes_nothing_and_leaves_no_workspace()
    {
        var sample = await SampleEpisode.UploadAsync(Host.Get<SampleRecordingGenerator>(), Store, User, Dir);
        var build = NewBuild("cancelme");

        var metadata = await RunCanceledAsync(sample.Input(build));

        Assert.Equal(BuildState.Canceled, metadata.ReadOutputAs<EpisodeBuildResult>()!.State);
        Assert.Equal(BuildState.Canceled, metadata.ReadCustomStatusAs<BuildProgress>()!.State);
        Assert.Null(await Store.GetAsync(build.Episode(), CancellationToken.None));
        Assert.Null(await Store.GetAsync(ObjectKeys.Feed(User, "moonshow"), CancellationToken.None));
        Assert.Equal(0, await Host.RemainingWorkspacesAsync(TimeSpan.FromSeconds(30)));
        AssertRetiresInAbout(30, await RetirementDateAsync(sample.RecordingKey));
        AssertRetiresInAbout(30, await RetirementDateAsync(sample.TranscriptKey));
        // The intro and outro are the podcaster's assets, shared by other builds: never dated.
        Assert.Null(await RetirementDateAsync(sample.IntroKey));
    }

    [Fact]
    public async Task A_step_that_sees_the_cancel_marker_before_the_cancel_event_arrives_ends_the_build_canceled_not_failed()
    {
        // Only the marker: the event that would end the orchestration never comes, so the step's own stop decides.
        var sample = await SampleEpisode.UploadAsync(Host.Get<SampleRecordingGenerator>(), Store, User, Dir);
        var build = NewBuild("markeronly");
        await Host.Get<CancelMarkers>().RequestAsync(build, User, CancellationToken.None);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var metadata = await Host.RunAsync(sample.Input(build));

        Assert.True(metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage}");
        var result = metadata.ReadOutputAs<EpisodeBuildResult>()!;
        Assert.Equal(BuildState.Canceled, result.State);
        Assert.Null(result.Error);
        // Not retried: the retries of a failing step alone would take 14 s.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(12), $"took {clock.Elapsed}");
        Assert.Null(await Store.GetAsync(build.Episode(), CancellationToken.None));
    }

    [Fact]
    public async Task A_published_build_keeps_an_upload_a_failed_one_dated_and_the_intermediates_of_both_go_by_age()
    {
        var sample = await SampleEpisode.UploadAsync(Host.Get<SampleRecordingGenerator>(), Store, User, Dir);
        await RunCanceledAsync(sample.Input(NewBuild("keepme")));

        AssertRetiresInAbout(30, await RetirementDateAsync(sample.RecordingKey));

        var retried = NewBuild("keepme");
        var metadata = await Host.RunAsync(sample.Input(retried));

        Assert.Equal(BuildState.Completed, metadata.ReadOutputAs<EpisodeBuildResult>()!.State);
        Assert.Equal(ObjectStore.NeverRetired, await RetirementDateAsync(sample.RecordingKey));
        Assert.Equal(ObjectStore.NeverRetired, await RetirementDateAsync(sample.TranscriptKey));

        var now = DateTimeOffset.UtcNow;
        // Within the month only review snippets (a week) go; then every intermediate of both builds (and the records that
        // let later builds reuse them), and nothing else.
        Assert.All(Storage.Emulator.ApplyLifecycle(now.AddDays(29), Host.Bucket),
            d => Assert.StartsWith($"{Host.Bucket}/{ObjectKeys.SnippetPrefix}", d, StringComparison.Ordinal));
        var intermediates = new List<string>();
        await foreach (var item in Store.ListAsync(ObjectKeys.IntermediatesPrefix, CancellationToken.None))
        {
            intermediates.Add($"{Host.Bucket}/{item.Key}");
        }

        Assert.Contains(intermediates, k => k.Contains(retried.BuildId, StringComparison.Ordinal) && k.EndsWith("/merged.wav", StringComparison.Ordinal));
        Assert.Contains(intermediates, k => k.Contains("/reuse.steps/", StringComparison.Ordinal));
        var deleted = Storage.Emulator.ApplyLifecycle(now.AddDays(30).AddHours(1), Host.Bucket);
        Assert.Equal(intermediates.Order(), deleted.Order());
        foreach (var kept in new[] { sample.RecordingKey, sample.TranscriptKey, sample.IntroKey, retried.Episode(), retried.EpisodeCompanion("chapters.json"), ObjectKeys.Feed(User, "moonshow") })
        {
            Assert.NotNull(await Store.GetAsync(kept, CancellationToken.None));
        }
    }

    /// <summary>Starts a build and cancels it at once; returns it once it has ended.</summary>
    private async Task<OrchestrationMetadata> RunCanceledAsync(EpisodeBuildInput input)
    {
        await Host.Client.ScheduleNewOrchestrationInstanceAsync(EpisodeBuildOrchestrator.Name, input, new Microsoft.DurableTask.StartOrchestrationOptions(input.Build.BuildId));
        await Host.Client.RaiseEventAsync(input.Build.BuildId, EpisodeBuildOrchestrator.CancelEvent, "user");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await Host.Client.WaitForInstanceCompletionAsync(input.Build.BuildId, getInputsAndOutputs: true, cts.Token);
    }

    private async Task<DateTimeOffset?> RetirementDateAsync(string key) =>
        (await Host.Get<Google.Cloud.Storage.V1.StorageClient>().GetObjectAsync(Host.Bucket, key)).CustomTimeDateTimeOffset;

    private static void AssertRetiresInAbout(int days, DateTimeOffset? date)
    {
        Assert.NotNull(date);
        var expected = DateTimeOffset.UtcNow.AddDays(days);
        Assert.InRange(date.Value, expected.AddMinutes(-10), expected.AddMinutes(1));
    }

    [Fact]
    public async Task Build_completes_through_injected_storage_failures()
    {
        var recording = await Host.Get<SampleRecordingGenerator>().GenerateAsync(["storms pass", "the show goes on"], Path.Combine(Dir, "storm.wav"), Dir, CancellationToken.None);
        var key = ObjectKeys.Upload(User, "storm.wav");
        await Store.UploadFileAsync(recording.WavPath, key, "audio/wav");
        var build = NewBuild("storm");
        var injectedBefore = Storage.Emulator.Faults.Injected;
        Storage.Emulator.Faults.FailNext(count: 2, method: "PUT", pathContains: "/upload/", statusCode: 503);
        Storage.Emulator.Faults.DropConnectionNext(count: 1, method: "GET", pathContains: "alt=media");

        var metadata = await Host.RunAsync(new EpisodeBuildInput(build, key, null, null, null, null, [], new CleanupSettings(), -16, new PublishSettings("stormshow", "Storm", null, TestShows.Moon)));

        Assert.True(metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage}");
        Assert.Equal(3, Storage.Emulator.Faults.Injected - injectedBefore);
        Assert.NotNull(await Store.GetAsync(build.Episode(), CancellationToken.None));
    }

    [Fact]
    public async Task A_build_completes_while_storage_fails_one_request_in_twenty_and_answers_slowly()
    {
        var sample = await SampleEpisode.UploadAsync(Host.Get<SampleRecordingGenerator>(), Store, User, Dir);
        var build = NewBuild("badday");
        var injectedBefore = Storage.Emulator.Faults.Injected;
        EpisodeBuildResult result;
        Storage.Emulator.Faults.FailRandomly(rate: 0.05, latency: TimeSpan.FromMilliseconds(20), seed: 20261202);
        try
        {
            var metadata = await Host.RunAsync(sample.Input(build));
            Assert.True(metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorType} {metadata.FailureDetails?.ErrorMessage} {metadata.SerializedCustomStatus}");
            result = metadata.ReadOutputAs<EpisodeBuildResult>()!;
        }
        finally
        {
            Storage.Emulator.Faults.Clear();
        }

        // Faults were met, and none shows: one feed item, an episode that decodes to its full length, no workspace left.
        var injected = Storage.Emulator.Faults.Injected - injectedBefore;
        output.WriteLine($"{injected} storage requests failed with 503 during the build");
        Assert.True(injected >= 5, $"only {injected} faults were injected");
        var feedXml = (await Store.ReadTextAsync(result.Outputs.Feed!, CancellationToken.None))!.Value.Text;
        Assert.Single(XDocument.Parse(feedXml).Root!.Element("channel")!.Elements("item"));
        var mp3 = Path.Combine(Dir, "badday.mp3");
        await Store.DownloadToFileAsync(result.Outputs.Episode!, mp3, CancellationToken.None);
        var decoded = await Host.Get<AudioInspector>().InspectAsync(mp3, CancellationToken.None); // decodes it all; corruption throws
        Assert.InRange(decoded.DurationSeconds, result.DurationSeconds!.Value - 0.15, result.DurationSeconds.Value + 0.15);
        Assert.Equal(0, await Host.RemainingWorkspacesAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>The MP3's chapters as ffprobe reads them (<c>-show_chapters</c>).</summary>
    private static async Task<List<(double Start, string Title)>> ProbeChaptersAsync(string path)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ffprobe", $"-v error -print_format json -show_chapters {path}") { RedirectStandardOutput = true, UseShellExecute = false })!;
        using var document = System.Text.Json.JsonDocument.Parse(await process.StandardOutput.ReadToEndAsync());
        await process.WaitForExitAsync();
        return document.RootElement.GetProperty("chapters").EnumerateArray()
            .Select(c => (double.Parse(c.GetProperty("start_time").GetString()!, System.Globalization.CultureInfo.InvariantCulture), c.GetProperty("tags").GetProperty("title").GetString()!))
            .ToList();
    }

    /// <summary>
    /// How long the cleaned content the merge joined lasted, as the merge measured its file: without review the content is
    /// cut inside the merge and never stored, and the status names no cleaned content.
    /// </summary>
    private async Task<double> ContentSecondsAsync(BuildRef build)
    {
        var timeline = EpisodeTimeline.FromJson((await Store.ReadTextAsync(build.File("timeline.json"), CancellationToken.None))!.Value.Text);
        return timeline.Parts.Where(p => p.Kind == TimelinePartKind.Content).Sum(p => p.Duration);
    }

    private async Task<double> DurationOfAsync(string key)
    {
        var path = Path.Combine(Dir, Guid.NewGuid().ToString("N") + Path.GetExtension(key));
        await Store.DownloadToFileAsync(key, path, CancellationToken.None);
        return await Host.Get<AudioInspector>().DurationAsync(path, CancellationToken.None);
    }
}
