using System.Globalization;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Media.Editing;
using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Transcription;
using EpisodeBuilder.Media.Wav;
using EpisodeBuilder.Storage;
using EpisodeBuilder.Storage.Workspaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.PlanEdits;

/// <summary>
/// Input of <see cref="PlanEditsActivity"/>; <c>Reviewed</c> when a person approves the plan before it is applied;
/// <c>SpeechKey</c>, the stored 16 kHz speech copy, lets a retake the recogniser's words cannot confirm be heard again.
/// </summary>
public sealed record PlanEditsInput(BuildRef Build, string AnalysisKey, string TranscriptKey, CleanupSettings Cleanup, bool Reviewed = false, string? SpeechKey = null) : IBuildStepInput<PlanEditsOutput>;

/// <summary>Key of the stored edit plan (every cut with its reason and evidence) and a summary of it.</summary>
public sealed record PlanEditsOutput(string PlanKey, int CutCount, double RemovedSeconds, int MarkerCount, EditSummary? Edits = null);

/// <summary>
/// Decides what to cut (flubber retakes, filler words, long silences, intern requests) from the transcript and the
/// silences measured when the upload was decoded (so it reads two small JSON files, not the audio), and stores the plan
/// with the build so the frontend can show every cut and its reason.
/// </summary>
public sealed class PlanEditsActivity(ObjectStore store, WorkspaceFactory workspaces, IOptions<TranscriptionOptions> transcription, ILogger<PlanEditsActivity> logger)
    : IEpisodeActivity<PlanEditsInput, PlanEditsOutput>, IReusableActivity
{
    /// <summary>The activity's name in the Durable runtime (part of every running build's history: never renamed).</summary>
    public const string Name = "PlanEdits";

    /// <inheritdoc/>
    public int Version => 3;

    /// <inheritdoc/>
    public object? Settings => null;

    public async Task<PlanEditsOutput> RunAsync(PlanEditsInput input, CancellationToken cancellationToken)
    {
        await using var workspace = workspaces.Create(Name);
        var analysis = RecordingAnalysis.FromJson((await store.ReadTextAsync(input.AnalysisKey, cancellationToken) ?? throw new ObjectNotFoundException(input.AnalysisKey)).Text);
        var transcript = Transcript.FromJson((await store.ReadTextAsync(input.TranscriptKey, cancellationToken) ?? throw new ObjectNotFoundException(input.TranscriptKey)).Text);
        var duration = analysis.DurationSeconds;
        var found = analysis.Silences;
        var options = new EditPlanOptions
        {
            CutFlubbers = input.Cleanup.Flubber,
            CutFillers = input.Cleanup.Fillers,
            MaxSilenceSeconds = input.Cleanup.MaxSilenceSeconds,

            // The cap guards against a recogniser's mistakes; a supplied transcript is its author's word.
            MaxAutomaticShare = input.Reviewed || !transcript.Recognised ? null : input.Cleanup.MaxAutomaticCutShare,
        };
        var sounds = transcript.KeywordHits is { Count: > 0 } ? await Pronunciations.ForKeywordHitsAsync(transcription.Value.DictionaryPath, transcript, cancellationToken) : null;
        var plan = EditPlanner.Plan(transcript, found, options, duration, analysis.Pauses, sounds: sounds);
        if (input.SpeechKey is { } speechKey && await RetakeAudioAsync(plan, speechKey, duration, workspace, cancellationToken) is { } audio)
        {
            plan = EditPlanner.Plan(transcript, found, options, duration, analysis.Pauses, audio, sounds);
        }

        var path = workspace.PathFor("edit-plan.json");
        await File.WriteAllTextAsync(path, plan.ToJson(), cancellationToken);
        var key = input.Build.File("edit-plan.json");
        await store.UploadFileAsync(path, key, "application/json", cancellationToken: cancellationToken);
        logger.LogInformation("Build {BuildId}: {CutCount} cuts removing {Removed:0.00} s, {SuggestionCount} suggested, {MarkerCount} markers", input.Build.BuildId, plan.Cuts.Count, plan.RemovedSeconds, plan.Suggestions.Count, plan.Markers.Count);
        var summary = new EditSummary(
            plan.Cuts.Count,
            Math.Round(plan.RemovedSeconds, 3),
            plan.Suggestions.Count,
            plan.Suggestions.Take(EditSummary.Listed).Select(s => new SuggestedEdit(s.Start, s.End, s.Reason.ToString().ToLowerInvariant(), s.Doubt)).ToList());
        return new PlanEditsOutput(key, plan.Cuts.Count, plan.RemovedSeconds, plan.Markers.Count, summary);
    }

    /// <summary>
    /// How much of the speech around a retake cut's end (where the retake starts) the retake check may read: the take and
    /// the audio before it, the retake and the audio after it.
    /// </summary>
    private static readonly (double Before, double After) RetakeWindow = (42, 48);

    /// <summary>
    /// The speech around each flubber whose marker is established (a pause after it, and a pause before it or the
    /// recogniser's word or words that sound like it) but whose retake the words did not confirm: only those are heard again. Read from the stored
    /// 16 kHz copy, a ranged read of about a minute and a half each, never the whole recording; null when there is none.
    /// </summary>
    private async Task<WavSpeechAudio?> RetakeAudioAsync(EditPlan plan, string speechKey, double duration, Workspace workspace, CancellationToken cancellationToken)
    {
        static bool Has(EditCut cut, string signal) => cut.Evidence.Any(e => e.Signal == signal);
        var retakes = plan.Suggestions
            .Where(s => s.Reason == CutReason.Flubber && Has(s, "pause-after") && (Has(s, "pause-before") || Has(s, "decoder") || Has(s, "decoder-alike")))
            .ToList();
        if (retakes.Count == 0)
        {
            return null;
        }

        var audio = new WavSpeechAudio();
        for (var i = 0; i < retakes.Count; i++)
        {
            var range = new TimeRange(Math.Max(0, retakes[i].End - RetakeWindow.Before), Math.Min(duration, retakes[i].End + RetakeWindow.After));
            var path = workspace.PathFor(string.Create(CultureInfo.InvariantCulture, $"retake-{i}.wav"));
            var start = await StoredWav.DownloadRangeAsync(store, speechKey, range, path, cancellationToken);
            audio.Add(start, start + WavLayout.Read(path).DurationSeconds, path);
        }

        return audio;
    }
}
