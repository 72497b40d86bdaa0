using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.Tests.Publishing;
using EpisodeBuilder.Media.Samples;
using EpisodeBuilder.Media.Transcription;
using EpisodeBuilder.Orchestration;
using EpisodeBuilder.Storage;

namespace EpisodeBuilder.Activities.Tests.Orchestration;

/// <summary>A generated recording with a flubber retake, an intro and an outro, uploaded for one user.</summary>
public sealed record SampleEpisode(string RecordingKey, string TranscriptKey, string IntroKey, string OutroKey, Transcript Transcript, double RecordingSeconds, double IntroSeconds, double OutroSeconds)
{
    public static async Task<SampleEpisode> UploadAsync(SampleRecordingGenerator generator, ObjectStore store, string userId, string directory)
    {
        var recording = await generator.GenerateAsync(SampleRecordingGenerator.FlubberScript, Path.Combine(directory, "recording.wav"), directory, CancellationToken.None);
        var intro = Path.Combine(directory, "intro.wav");
        var outro = Path.Combine(directory, "outro.wav");
        var introSeconds = await generator.JingleAsync(intro, 2.0, [523, 659, 784], CancellationToken.None);
        var outroSeconds = await generator.JingleAsync(outro, 1.5, [784, 523], CancellationToken.None);
        var transcriptPath = Path.Combine(directory, "transcript.json");
        await File.WriteAllTextAsync(transcriptPath, recording.Transcript.ToJson());

        var keys = new[] { "recording.wav", "transcript.json", "intro.wav", "outro.wav" }.Select(f => ObjectKeys.Upload(userId, f)).ToArray();
        await store.UploadFileAsync(recording.WavPath, keys[0], "audio/wav");
        await store.UploadFileAsync(transcriptPath, keys[1], "application/json");
        await store.UploadFileAsync(intro, keys[2], "audio/wav");
        await store.UploadFileAsync(outro, keys[3], "audio/wav");
        return new SampleEpisode(keys[0], keys[1], keys[2], keys[3], recording.Transcript, recording.DurationSeconds, introSeconds, outroSeconds);
    }

    public EpisodeBuildInput Input(BuildRef build, IReadOnlyList<SegmentRequest>? segments = null) => new(
        build, RecordingKey, TranscriptKey, IntroKey, OutroKey, null, segments ?? [],
        new CleanupSettings(Flubber: true, Fillers: true, MaxSilenceSeconds: 1.5), -16, new PublishSettings("moonshow", "The Moon Landing", "About 1969", TestShows.Moon));
}
