namespace EpisodeBuilder.Bench;

/// <summary>One <c>script/bench</c> subcommand: its name, its options as the usage shows them, and what it runs.</summary>
/// <param name="Name">The first argument that selects it.</param>
/// <param name="Options">Its options as the usage line shows them.</param>
/// <param name="Summary">What it measures, in one line.</param>
/// <param name="Run">Takes the arguments after the name; returns the exit code, throws <see cref="ArgumentException"/> for wrong arguments.</param>
public sealed record BenchCommand(string Name, string Options, string Summary, Func<string[], CancellationToken, Task<int>> Run);
