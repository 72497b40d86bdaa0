namespace EpisodeBuilder.GcsEmulator.Faults;

/// <summary>
/// Makes the next matching requests fail on purpose (an error status, or a dropped connection), or a share of all
/// requests at random with added latency, so retry paths are tested against real HTTP failures instead of mocks.
/// Thread-safe; each counted rule fires a fixed number of times.
/// </summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<FaultRule> _rules = [];
    private RandomFaults? _random;

    /// <summary>Answers the next <paramref name="count"/> matching requests with <paramref name="statusCode"/>.</summary>
    public void FailNext(int count, string? method = null, string? pathContains = null, int statusCode = 503) =>
        Add(new FaultRule(count, method, pathContains, statusCode, Drop: false));

    /// <summary>Aborts the connection of the next <paramref name="count"/> matching requests without answering.</summary>
    public void DropConnectionNext(int count, string? method = null, string? pathContains = null) =>
        Add(new FaultRule(count, method, pathContains, 0, Drop: true));

    /// <summary>
    /// From now on answers each request with <paramref name="statusCode"/> with probability <paramref name="rate"/> (after
    /// any counted rule), and delays every request by <paramref name="latency"/>: a storage service having a bad day.
    /// Seeded, so a run can be repeated. <see cref="Clear"/> ends it.
    /// </summary>
    public void FailRandomly(double rate, TimeSpan? latency = null, int statusCode = 503, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, 1);
        lock (_gate)
        {
            _random = new RandomFaults(new Random(seed), rate, statusCode);
            Latency = latency ?? TimeSpan.Zero;
        }
    }

    /// <summary>Removes every pending rule and ends random failures and added latency.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
            _random = null;
            Latency = TimeSpan.Zero;
        }
    }

    /// <summary>How long every request is held before it is answered (<see cref="FailRandomly"/>).</summary>
    public TimeSpan Latency { get; private set; }

    /// <summary>How many faults have been injected so far.</summary>
    public int Injected { get; private set; }

    internal FaultRule? Take(string method, string path)
    {
        lock (_gate)
        {
            var rule = _rules.FirstOrDefault(r => r.Matches(method, path));
            if (rule is null)
            {
                if (_random is { } random && random.Generator.NextDouble() < random.Rate)
                {
                    Injected++;
                    return new FaultRule(1, null, null, random.StatusCode, Drop: false);
                }

                return null;
            }

            rule.Remaining--;
            if (rule.Remaining == 0)
            {
                _rules.Remove(rule);
            }

            Injected++;
            return rule;
        }
    }

    private void Add(FaultRule rule)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rule.Remaining, 1);
        lock (_gate)
        {
            _rules.Add(rule);
        }
    }
}

/// <summary>Random failures: the generator, the share of requests that fail, and how.</summary>
internal sealed record RandomFaults(Random Generator, double Rate, int StatusCode);

/// <summary>One fault rule: which requests it matches and what it does to them.</summary>
internal sealed record FaultRule(int Count, string? Method, string? PathContains, int StatusCode, bool Drop)
{
    public int Remaining { get; set; } = Count;

    public bool Matches(string method, string path) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase)) &&
        (PathContains is null || path.Contains(PathContains, StringComparison.Ordinal));
}
