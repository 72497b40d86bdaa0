using EpisodeBuilder.Media.Transcription;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Media;

/// <summary>
/// Refuses to start the app when a tool a build runs is missing where the activities run: FFmpeg and ffprobe, espeak-ng,
/// PocketSphinx and its English model. Each failure names the setting and the Debian package that provides the tool
/// (the container image and <c>script/bootstrap</c> install them).
/// </summary>
public sealed class MediaToolsCheck(IOptions<TranscriptionOptions> transcription) : IValidateOptions<MediaOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaOptions options)
    {
        var missing = new List<string>();
        foreach (var binary in (string[])["ffmpeg", "ffprobe"])
        {
            if (!File.Exists(Path.Combine(options.FfmpegFolder, binary)))
            {
                missing.Add($"Media:FfmpegFolder '{options.FfmpegFolder}' has no {binary} (Debian package ffmpeg).");
            }
        }

        if (Executable(options.EspeakPath) is null)
        {
            missing.Add($"Media:EspeakPath '{options.EspeakPath}' is neither an executable file nor on PATH (Debian package espeak-ng).");
        }

        if (Executable(options.PocketSphinxPath) is null)
        {
            missing.Add($"Media:PocketSphinxPath '{options.PocketSphinxPath}' is neither an executable file nor on PATH (Debian package pocketsphinx).");
        }

        var dictionary = transcription.Value.DictionaryPath;
        if (!File.Exists(dictionary))
        {
            missing.Add($"Transcription:DictionaryPath '{dictionary}' does not exist: PocketSphinx's English model is missing (Debian package pocketsphinx-en-us).");
        }

        return missing.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(missing);
    }

    /// <summary>The file <paramref name="command"/> runs: itself when it is a path, else the first match on <c>PATH</c>.</summary>
    public static string? Executable(string command)
    {
        if (command.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutable(command) ? command : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, command))
            .FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
