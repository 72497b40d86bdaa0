using EpisodeBuilder.Media.Ffmpeg;
using EpisodeBuilder.Media.Samples;
using EpisodeBuilder.Media.Speech;
using EpisodeBuilder.Media.Transcription;
using EpisodeBuilder.Media.Waveform;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Media;

/// <summary>Registers the media toolkit and its default, offline engines from configuration.</summary>
public static class MediaServices
{
    public static IServiceCollection AddEpisodeMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MediaOptions>()
            .Bind(configuration.GetSection(MediaOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<MediaOptions>, MediaToolsCheck>();
        services.AddOptions<TranscriptionOptions>()
            .Bind(configuration.GetSection(TranscriptionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<FfmpegRunner>();
        services.AddSingleton<AudioInspector>();
        services.AddSingleton<LoudnessProcessor>();
        services.AddSingleton<SilenceDetector>();
        services.AddSingleton<AudioCutter>();
        services.AddSingleton<AudioMerger>();
        services.AddSingleton<Mp3Encoder>();
        services.AddSingleton<ArtworkInspector>();
        services.AddSingleton<SnippetExporter>();
        services.AddSingleton<PeaksExtractor>();
        services.AddSingleton<ISpeechSynthesizer, EspeakSpeechSynthesizer>();
        services.AddSingleton<PocketSphinxKeywordSpotter>();
        services.AddSingleton<ITranscriber, PocketSphinxTranscriber>();
        return services;
    }

    /// <summary>
    /// The generator of sample recordings (espeak-ng speech whose words and timings are known) for the demo, the tests
    /// and the benchmarks; no build uses it, so the Functions app does not register it.
    /// </summary>
    public static IServiceCollection AddSampleRecordings(this IServiceCollection services)
    {
        services.TryAddSingleton<SampleRecordingGenerator>();
        return services;
    }
}
