using EpisodeBuilder.Activities.ApplyReview;
using EpisodeBuilder.Activities.CleanAudio;
using EpisodeBuilder.Activities.ComputePeaks;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.EncodeEpisode;
using EpisodeBuilder.Activities.ExportSnippets;
using EpisodeBuilder.Activities.FindStepResults;
using EpisodeBuilder.Activities.GenerateSegment;
using EpisodeBuilder.Activities.HoldForSchedule;
using EpisodeBuilder.Activities.InspectUpload;
using EpisodeBuilder.Activities.LeaveQueue;
using EpisodeBuilder.Activities.MergeEpisode;
using EpisodeBuilder.Activities.PlanEdits;
using EpisodeBuilder.Activities.PublishEpisode;
using EpisodeBuilder.Activities.Publishing;
using EpisodeBuilder.Activities.Reuse;
using EpisodeBuilder.Activities.SettleUploads;
using EpisodeBuilder.Activities.TakeTurn;
using EpisodeBuilder.Activities.Transcribe;
using EpisodeBuilder.Activities.TranscribeChunk;
using EpisodeBuilder.Activities.WriteChapters;
using System.Text.Json;
using EpisodeBuilder.Orchestration.Workers;
using Microsoft.DurableTask;

namespace EpisodeBuilder.Orchestration;

/// <summary>
/// Sequences one episode build, from the uploaded recording to the published episode and feed. Every step
/// is an activity that exchanges object keys only; the orchestrator does no I/O and reads time only from
/// the orchestration context, so it replays deterministically on any instance.
/// </summary>
/// <remarks>
/// A build that asks for review waits after the plan, the snippets and the cleaned preview exist, in status
/// <see cref="BuildState.AwaitingReview"/>, until its owner raises <see cref="ReviewEvent"/> (the approved plan goes on to
/// publish) or the deadline passes (it ends Canceled and publishes nothing).
/// A build first takes its turn in its owner's line: while the user's other builds hold every running place it waits,
/// status <see cref="BuildState.Queued"/> with its position, until a build of theirs that ends raises <see cref="TurnEvent"/>
/// (or, should that be lost, until it looks again). Every build leaves the line when it ends, however it ends.
/// A build with a publish time does everything but the publish, then waits in <see cref="BuildState.Scheduled"/> until then.
/// A build can be canceled by raising <see cref="CancelEvent"/>: the running step is abandoned and nothing
/// after it runs. Publishing is the last step and is never interrupted, so a canceled or failed build never
/// leaves a partial publish behind.
/// </remarks>
public sealed class EpisodeBuildOrchestrator : TaskOrchestrator<EpisodeBuildInput, EpisodeBuildResult>
{
    public const string Name = "EpisodeBuild";
    public const string CancelEvent = "cancel";
    public const string ReviewEvent = "review";
    public const string TurnEvent = "turn";

    /// <summary>The longest one durable timer of a scheduled build's wait runs: within what every storage backend keeps.</summary>
    public static readonly TimeSpan MaxTimerInterval = TimeSpan.FromDays(3);

    /// <summary>The longest a build waits in its owner's line before it ends Canceled, so no build waits for ever.</summary>
    public static readonly TimeSpan MaxWaitInLine = TimeSpan.FromDays(7);

    public override async Task<EpisodeBuildResult> RunAsync(TaskOrchestrationContext context, EpisodeBuildInput input)
    {
        var build = input.Build;
        var progress = new BuildProgressTracker(context);
        var canceled = context.WaitForExternalEvent<string>(CancelEvent);
        var retry = RetryPolicies.MediaStep();
        var inLine = input.InLine;

        // One step: started in the timeline, raced against a cancel, completed with the worker that ran it. A step's
        // deadline is kept where the step runs (StepRunner), because a durable timer raced against a running
        // activity does not wake this orchestrator on the sidecar engine until the activity ends.
        async Task<T> Step<T>(string step, Func<Task<StepRun<T>>> run, Func<T, Func<BuildOutputs, BuildOutputs>>? outputs = null)
        {
            if (canceled.IsCompleted)
            {
                throw new BuildCanceledException();
            }

            progress.Start(step);
            var work = run();
            if (await Task.WhenAny(work, canceled) != work)
            {
                throw new BuildCanceledException();
            }

            var result = await work;
            progress.Complete(step, outputs?.Invoke(result.Output), result.Worker, result.Reused);
            return result.Output;
        }

        Task<StepRun<T>> Call<T>(IBuildStepInput<T> stepInput) => context.CallStepAsync(stepInput, retry);

        // The workers that ran a step's parts (a reused part ran nowhere).
        static string Workers<T>(IEnumerable<StepRun<T>> runs) => string.Join(",", runs.Where(r => !r.Reused).Select(r => r.Worker).Distinct());

        // A step's parts (one activity each, run wherever a worker is free), counted in the step's progress as they finish;
        // the results come back in the parts' order. A failed part is not counted, and fails the step once every part has
        // ended, as Task.WhenAll does.
        async Task<StepRun<T>[]> Parts<T>(string step, IReadOnlyList<Task<StepRun<T>>> parts)
        {
            progress.Advance(step, 0, parts.Count);
            var pending = parts.ToList();
            var done = 0;
            while (pending.Count > 0)
            {
                var finished = await Task.WhenAny(pending);
                pending.Remove(finished);
                if (finished.IsCompletedSuccessfully)
                {
                    progress.Advance(step, ++done, parts.Count);
                }
            }

            return await Task.WhenAll(parts);
        }

        // The parts of a fanned-out step that an earlier build of the owner ran on the same inputs, found in one activity, so
        // that only the others are scheduled: a rebuild of an unchanged recording schedules no transcription at all.
        async Task<StepRun<T>?[]> EarlierParts<T>(IReadOnlyList<IBuildStepInput<T>> parts)
        {
            if (parts.Count == 0)
            {
                return [];
            }

            var inputs = parts.Select(p => JsonSerializer.Serialize(p, p.GetType(), StepResults.Json)).ToList();
            var found = await Raced(Call(new FindStepResultsInput(build, BuildActivities.ForInput(parts[0].GetType()).Name, inputs)));
            return found.Outputs.Select(o => o is null ? null : new StepRun<T>(JsonSerializer.Deserialize<T>(o, StepResults.Json)!, string.Empty, Reused: true)).ToArray();
        }

        // Each part: the earlier build's result where there is one, else the part scheduled.
        async Task<IReadOnlyList<Task<StepRun<T>>>> PartsToRun<T>(IReadOnlyList<IBuildStepInput<T>> parts)
        {
            var earlier = await EarlierParts(parts);
            return parts.Select((part, i) => earlier[i] is { } reused ? Task.FromResult(reused) : Call(part)).ToList();
        }

        async Task<T> Raced<T>(Task<StepRun<T>> work)
        {
            if (await Task.WhenAny(work, canceled) != work)
            {
                throw new BuildCanceledException();
            }

            return (await work).Output;
        }

        // The human-interaction step: draw the recording's waveform, then wait for the owner's decision, a cancel, or the
        // deadline, whichever comes first. No activity runs while it waits, so the durable timer wakes the orchestration
        // on every engine. An approval that keeps cuts or applies suggestions stores the amended plan and cleans the
        // content again from it.
        async Task<CleanAudioOutput?> ReviewAsync(ReviewSettings review, string audioKey, string planKey)
        {
            progress.Start(BuildSteps.Review);
            var peaks = await Raced(Call(new ComputePeaksInput(build, audioKey, "recording")));
            progress.Note(o => o with { RecordingPeaks = peaks.PeaksKey });

            // Days of waiting for its owner need no worker: the build gives its place in the line up, and goes on at once
            // when approved.
            await LeaveLineAsync();
            var deadline = context.CurrentUtcDateTime.Add(review.Deadline);
            progress.AwaitReview(deadline);
            using var stopTimer = new CancellationTokenSource();
            var expired = context.CreateTimer(deadline, stopTimer.Token);
            var decided = context.WaitForExternalEvent<ReviewDecision>(ReviewEvent);
            var first = await Task.WhenAny(decided, expired, canceled);
            if (first != expired)
            {
                stopTimer.Cancel();
            }

            if (first == canceled)
            {
                throw new BuildCanceledException();
            }

            if (first == expired)
            {
                throw new ReviewExpiredException(review.Deadline);
            }

            progress.Resume();
            var decision = await decided;
            if (decision.Keep.Count == 0 && (decision.Apply ?? []).Count == 0)
            {
                progress.Complete(BuildSteps.Review, o => o with { ReviewedPlan = planKey });
                return null;
            }

            var amended = await Raced(Call(new ApplyReviewInput(build, planKey, decision.Keep, decision.Apply)));
            var recleaned = await Raced(Call(new CleanAudioInput(build, audioKey, amended.PlanKey)));
            progress.Complete(BuildSteps.Review, o => o with { ReviewedPlan = amended.PlanKey, Cleaned = recleaned.CleanedKey });
            return recleaned;
        }

        // A scheduled build waits for its publish time with nothing running: it gives its place in the line up, and a
        // cancel ends the wait. Durable timers are kept to MaxTimerInterval each, so a wait of months is a chain of them.
        async Task WaitUntilAsync(DateTime publishAt)
        {
            await LeaveLineAsync();
            progress.AwaitSchedule(publishAt);
            while (context.CurrentUtcDateTime < publishAt)
            {
                var next = publishAt - context.CurrentUtcDateTime > MaxTimerInterval ? context.CurrentUtcDateTime.Add(MaxTimerInterval) : publishAt;
                using var stopTimer = new CancellationTokenSource();
                var due = context.CreateTimer(next, stopTimer.Token);
                if (await Task.WhenAny(due, canceled) == canceled)
                {
                    stopTimer.Cancel();
                    throw new BuildCanceledException();
                }
            }

            progress.Resume();
        }

        // Waits until the owner's line lets the build run. One wait for the wake-up event is outstanding at a time, so an
        // event is never delivered to a wait that was given up on.
        async Task TakeTurnAsync()
        {
            var woken = context.WaitForExternalEvent<string>(TurnEvent);
            var giveUpAt = context.CurrentUtcDateTime.Add(MaxWaitInLine);
            while (context.CurrentUtcDateTime < giveUpAt)
            {
                var turn = await Raced(Call(new TakeTurnInput(build)));
                if (turn.Position == 0)
                {
                    progress.Admit();
                    return;
                }

                progress.Queue(turn.Position);
                using var stopTimer = new CancellationTokenSource();
                var recheck = context.CreateTimer(context.CurrentUtcDateTime.Add(turn.RecheckAfter), stopTimer.Token);
                var first = await Task.WhenAny(woken, recheck, canceled);
                if (first != recheck)
                {
                    stopTimer.Cancel();
                }

                if (first == canceled)
                {
                    throw new BuildCanceledException();
                }

                if (first == woken)
                {
                    woken = context.WaitForExternalEvent<string>(TurnEvent);
                }
            }

            throw new BuildCanceledException($"The build waited {MaxWaitInLine.TotalDays:0} days in line behind your other builds without starting; nothing was published. Start it again.", isReason: true);
        }

        // Once the build has ended (or waits for its review): its place in the owner's line goes to the builds waiting there,
        // which are woken to look again. Housekeeping like settling the uploads: a failure here changes nothing about the
        // build's outcome.
        async Task LeaveLineAsync()
        {
            if (!inLine)
            {
                return;
            }

            inLine = false;
            try
            {
                var left = await context.CallStepAsync(new LeaveQueueInput(build), retry);
                foreach (var waiting in left.Output.Waiting)
                {
                    context.SendEvent(waiting, TurnEvent, build.BuildId);
                }
            }
            catch (TaskFailedException)
            {
            }
        }

        // Once the build has ended: its uploads get a retirement date when it published nothing, and are kept for good when
        // it published, and its place in the line is freed. Housekeeping that changes nothing about the build's own outcome,
        // even when it fails.
        async Task EndAsync(bool published)
        {
            await LeaveLineAsync();
            try
            {
                IReadOnlyList<string> uploads = input.TranscriptKey is { } transcriptKey ? [input.RecordingKey, transcriptKey] : [input.RecordingKey];
                await context.CallStepAsync(new SettleUploadsInput(build, uploads, published), retry);
            }
            catch (TaskFailedException)
            {
            }
        }

        try
        {
            if (input.InLine)
            {
                await TakeTurnAsync();
            }

            var upload = await Step(BuildSteps.Inspect, () => Call(new InspectUploadInput(build, input.RecordingKey)),
                r => o => o with { Source = r.AudioKey });

            // Transcription fans out: one activity per chunk of the recording (split at pauses when it was decoded), run
            // wherever a worker is free, then one activity joins the words.
            var transcript = await Step(BuildSteps.Transcribe, async () =>
            {
                var chunks = input.TranscriptKey is not null
                    ? []
                    : await Parts(BuildSteps.Transcribe, await PartsToRun<TranscribeChunkOutput>(upload.SpeechChunks.Select((range, index) => new TranscribeChunkInput(build, upload.SpeechKey, index, range)).ToList()));
                // Every chunk reused (or none to run): the joined transcript may be an earlier build's too, found without scheduling the join.
                var join = new TranscribeInput(build, input.TranscriptKey, chunks.Select(c => c.Output.ChunkKey).ToList());
                var joined = chunks.All(c => c.Reused) && (await EarlierParts<TranscribeOutput>([join]))[0] is { } earlier ? earlier : await Call(join);
                return joined with { Worker = string.Join(",", chunks.Where(c => !c.Reused).Select(c => c.Worker).Concat(joined.Reused ? [] : [joined.Worker]).Distinct()), Reused = joined.Reused && chunks.All(c => c.Reused) };
            }, r => o => o with { Transcript = r.TranscriptKey });

            var plan = await Step(BuildSteps.PlanEdits, () => Call(new PlanEditsInput(build, upload.AnalysisKey, transcript.TranscriptKey, input.Cleanup, Reviewed: input.Review is not null, SpeechKey: upload.SpeechKey)),
                r => o => o with { EditPlan = r.PlanKey, Edits = r.Edits });

            await Step(BuildSteps.ExportSnippets, () => Call(new ExportSnippetsInput(build, upload.AudioKey, plan.PlanKey)),
                r => o => o with { Snippets = r.SnippetKeys });

            // A review plays the cleaned content, so a build that asks for one makes it first (and again from an amended
            // plan). Without review nothing else needs it: the merge cuts the recording itself, and the cleaned content
            // never goes through storage.
            CleanAudioOutput? cleaned = null;
            if (input.Review is not { } review)
            {
                progress.Skip(BuildSteps.CleanAudio);
                progress.Skip(BuildSteps.Review);
            }
            else
            {
                cleaned = await Step(BuildSteps.CleanAudio, () => Call(new CleanAudioInput(build, upload.AudioKey, plan.PlanKey)),
                    r => o => o with { Cleaned = r.CleanedKey });
                cleaned = await ReviewAsync(review, upload.AudioKey, plan.PlanKey) ?? cleaned;
            }

            IReadOnlyList<PlacedSegment> segments = [];
            if (input.Segments.Count == 0)
            {
                progress.Skip(BuildSteps.GenerateSegments);
            }
            else
            {
                var generated = await Step(BuildSteps.GenerateSegments, async () =>
                {
                    var runs = await Parts(BuildSteps.GenerateSegments, await PartsToRun<GenerateSegmentOutput>(input.Segments.Select(s => new GenerateSegmentInput(build, s.Id, s.Text, input.LoudnessLufs ?? EpisodeBuilder.Media.Ffmpeg.LoudnessTarget.StereoLufs)).ToList()));
                    return new StepRun<GenerateSegmentOutput[]>(runs.Select(r => r.Output).ToArray(), Workers(runs), runs.All(r => r.Reused));
                });
                segments = input.Segments
                    .Select(s => new PlacedSegment(s.Id, generated.Single(g => g.SegmentId == s.Id).SegmentKey, s.Position))
                    .ToList();
            }

            var merged = await Step(BuildSteps.Merge, () => Call(cleaned is null
                    ? new MergeEpisodeInput(build, input.IntroKey, upload.AudioKey, segments, input.OutroKey, input.MusicBedKey, plan.PlanKey, input.BedLevels, input.Publish.Channels)
                    : new MergeEpisodeInput(build, input.IntroKey, cleaned.CleanedKey, segments, input.OutroKey, input.MusicBedKey, BedLevels: input.BedLevels, Channels: input.Publish.Channels)));
            var clockKey = cleaned?.ClockKey ?? merged.ClockKey
                ?? throw new InvalidOperationException("The merge cut the content but returned no content clock.");

            // Chapters and the transcript on the episode's clock, from where the cut and the merge put everything: the
            // encode writes the chapters into the MP3 and the publish puts all three beside it.
            var chapters = await Step(BuildSteps.Chapters, () => Call(new WriteChaptersInput(build, transcript.TranscriptKey, clockKey, merged.TimelineKey, input.Publish.Title, input.Segments.ToDictionary(s => s.Id, s => s.Text))));

            var encoded = await Step(BuildSteps.Encode, () => Call(new EncodeEpisodeInput(build, merged.MergedKey, input.Publish, merged.Loudness, input.LoudnessLufs, chapters.ChaptersKey, input.Publish.Image ?? input.Publish.Show?.ImageKey)));

            await Step(BuildSteps.Peaks, () => Call(new ComputePeaksInput(build, encoded.StagedKey, "episode")),
                r => o => o with { EpisodePeaks = r.PeaksKey });

            // Publishing is not raced against cancellation: once it starts it finishes, so the episode and its
            // feed item are published together or not at all.
            if (canceled.IsCompleted)
            {
                throw new BuildCanceledException();
            }

            progress.Start(BuildSteps.Publish);
            // A build that ends after its publish time publishes at once, dated when it appears.
            var (stagedKey, companions) = (encoded.StagedKey, new EpisodeCompanions(chapters.SubtitlesKey, chapters.TranscriptKey, chapters.ChaptersKey));
            var publishedAt = context.CurrentUtcDateTime;
            if (input.PublishAt is { } publishAt && publishAt > publishedAt)
            {
                var held = await Raced(Call(new HoldForScheduleInput(build, stagedKey, companions, publishAt)));
                (stagedKey, companions) = (held.StagedKey, held.Companions);
                await WaitUntilAsync(publishAt);
                publishedAt = publishAt;
            }

            var published = await context.CallStepAsync(
                new PublishEpisodeInput(build, stagedKey, input.Publish, encoded.DurationSeconds, encoded.SizeBytes, publishedAt, companions),
                RetryPolicies.Publish());
            progress.Complete(BuildSteps.Publish, o => o with { Episode = published.Output.EpisodeKey, Feed = published.Output.FeedKey }, published.Worker);

            await EndAsync(published: true);
            return progress.Finish(encoded.DurationSeconds);
        }
        catch (ReviewExpiredException expired)
        {
            await EndAsync(published: false);
            return progress.Cancel(BuildSteps.Review, expired.Message);
        }
        catch (BuildCanceledException canceledBuild)
        {
            await EndAsync(published: false);
            return progress.Cancel(progress.CurrentStep ?? BuildSteps.Inspect, canceledBuild.Reason);
        }
        catch (TaskFailedException stopped) when (stopped.FailureDetails.IsCausedBy<StepCanceledException>())
        {
            // The step saw the cancel marker before this orchestration saw the cancel event: the build was canceled all the same.
            await EndAsync(published: false);
            return progress.Cancel(progress.CurrentStep ?? BuildSteps.Inspect);
        }
        catch (TaskFailedException failure)
        {
            var step = progress.CurrentStep ?? BuildSteps.Inspect;
            progress.Fail(step, failure.FailureDetails.ErrorMessage);
            await EndAsync(published: false);
            throw new BuildFailedException(step, failure.FailureDetails.ErrorMessage, failure);
        }
    }
}
