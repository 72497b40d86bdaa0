using System.ComponentModel.DataAnnotations;

namespace EpisodeBuilder.Media.Transcription;

/// <summary>
/// How a recording is transcribed (section <c>Transcription</c>): split at pauses into chunks that run as separate
/// activities, in parallel, and the marker words listened for with keyword spotting.
/// </summary>
public sealed class TranscriptionOptions
{
    public const string SectionName = "Transcription";

    /// <summary>
    /// About how long each chunk is, in seconds; chunks end in the middle of a pause, never inside a word. Each chunk
    /// also hears <see cref="WarmUpSeconds"/> of the previous one and starts a recogniser (about 0.5 s), so longer chunks
    /// waste less; shorter ones spread over more instances.
    /// </summary>
    [Range(20, 3600, ErrorMessage = "Transcription:ChunkSeconds must be between 20 and 3600.")]
    public double ChunkSeconds { get; set; } = 180;

    /// <summary>
    /// How many chunks are meant to run at once: the chunk count is rounded up to a multiple of it so no slot idles at the
    /// end. Defaults to this host's processor count (what one instance runs: one PocketSphinx per core); on a scaled-out
    /// plan set it to instances × cores.
    /// </summary>
    [Range(1, 1024, ErrorMessage = "Transcription:Parallelism must be between 1 and 1024.")]
    public int Parallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Seconds of the previous chunk each chunk's recogniser hears first and discards: PocketSphinx adapts its
    /// normalisation to the speaker as it goes, and a cold start loses words at a chunk's start.
    /// </summary>
    [Range(0, 60, ErrorMessage = "Transcription:WarmUpSeconds must be between 0 and 60.")]
    public double WarmUpSeconds { get; set; } = 5;

    /// <summary>Listen for the marker words with PocketSphinx's keyword spotting and merge what it hears into the transcript.</summary>
    public bool SpotKeywords { get; set; } = true;

    /// <summary>
    /// The marker words listened for, comma-separated, each optionally with its own spotting threshold after a slash
    /// (lower hears more, with more false alarms). A hit is only a candidate: the edit planner cuts on it only with the
    /// pauses, the recogniser's words or the retake's sound to back it, so "flubber" listens wide; a false "intern" hit
    /// at a phrase's start has less to check it against, so that threshold stays higher.
    /// </summary>
    [RegularExpression(@"^\s*[a-z']+(/1e-\d{1,3})?\s*(,\s*[a-z']+(/1e-\d{1,3})?\s*)*$", ErrorMessage = "Transcription:Keywords must look like flubber/1e-40,intern/1e-22.")]
    public string Keywords { get; set; } = "flubber/1e-40,intern/1e-22";

    /// <summary>
    /// Keyword spotting scores every Nth audio frame (PocketSphinx's <c>-ds</c>). 2 halves its cost and heard the same
    /// markers as 1 on the 10-minute benchmark recording.
    /// </summary>
    [Range(1, 4, ErrorMessage = "Transcription:KeywordFrameStep must be between 1 and 4.")]
    public int KeywordFrameStep { get; set; } = 2;

    /// <summary>Threshold for a keyword listed without its own.</summary>
    [RegularExpression(@"^1e-\d{1,3}$", ErrorMessage = "Transcription:KeywordThreshold must look like 1e-20.")]
    public string KeywordThreshold { get; set; } = "1e-20";

    /// <summary>The keywords with their thresholds.</summary>
    public IReadOnlyList<(string Word, string Threshold)> KeywordList => Keywords
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(k => k.Split('/', 2, StringSplitOptions.TrimEntries))
        .Select(p => (p[0].ToLowerInvariant(), p.Length > 1 ? p[1] : KeywordThreshold))
        .ToList();

    /// <summary>The pronunciation dictionary of the PocketSphinx model (Debian's pocketsphinx-en-us).</summary>
    [Required(ErrorMessage = "Transcription:DictionaryPath is required.")]
    public string DictionaryPath { get; set; } = "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict";
}
