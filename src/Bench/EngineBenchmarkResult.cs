namespace EpisodeBuilder.Bench;

/// <summary>One <c>script/bench engine</c> run: where and when it ran, and each backend's timings.</summary>
public sealed record EngineBenchmarkResult(
    DateTimeOffset StartedAt,
    int Runs,
    int Steps,
    int ProcessorCount,
    string Os,
    string Runtime,
    IReadOnlyList<BackendResult> Backends);

/// <summary>The scenarios' timings on one backend (<c>InMemory</c> or <c>AzureStorage</c>).</summary>
public sealed record BackendResult(string Backend, IReadOnlyList<ScenarioResult> Scenarios);

/// <summary>The wall times of one scenario's measured runs (warm-up excluded), in milliseconds, and what they sum up to.</summary>
public sealed record ScenarioResult(string Scenario, int Steps, IReadOnlyList<double> RunsMs)
{
    public double MedianMs
    {
        get
        {
            var sorted = RunsMs.Order().ToArray();
            var middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }

    public double MinMs => RunsMs.Min();

    /// <summary>The engine's overhead per step: the median divided by the steps (the activities do nothing).</summary>
    public double PerStepMs => MedianMs / Steps;
}
