namespace EpisodeBuilder.GcsEmulator;

/// <summary>How an emulator instance listens, where it keeps its data and whose signed URLs it trusts.</summary>
public sealed class GcsEmulatorOptions
{
    /// <summary>Loopback address to listen on.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port to listen on; 0 picks any free port.</summary>
    public int Port { get; set; } = 4443;

    /// <summary>Folder that keeps buckets and objects across restarts; null keeps them only in this process.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Service account key files (JSON) whose V4 signed URLs the emulator accepts.</summary>
    public IList<string> ServiceAccountKeyFiles { get; } = new List<string>();
}
