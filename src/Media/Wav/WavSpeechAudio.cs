using EpisodeBuilder.Media.Editing;

namespace EpisodeBuilder.Media.Wav;

/// <summary>The speech audio of a planner from local 16-bit mono WAV windows: each covers a stretch of the recording.</summary>
public sealed class WavSpeechAudio : ISpeechAudio
{
    private readonly List<(double Start, double End, string Path)> _windows = [];

    /// <summary>A WAV holding the recording's [<paramref name="start"/>, <paramref name="end"/>) seconds.</summary>
    public WavSpeechAudio Add(double start, double end, string path)
    {
        _windows.Add((start, end, path));
        return this;
    }

    /// <summary>The whole recording in one WAV.</summary>
    public static WavSpeechAudio Whole(string path) => new WavSpeechAudio().Add(0, WavLayout.Read(path).DurationSeconds, path);

    public float[][]? Features(double startSeconds, double endSeconds)
    {
        foreach (var (start, end, path) in _windows)
        {
            if (startSeconds >= start - 1e-6 && endSeconds <= end + 1e-6)
            {
                return SpeechFeatures.Read(path, startSeconds - start, endSeconds - start);
            }
        }

        return null;
    }
}
