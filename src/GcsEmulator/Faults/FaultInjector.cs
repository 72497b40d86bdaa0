namespace EpisodeBuilder.GcsEmulator.Faults;

/// <summary>
/// Makes the next matching requests fail on purpose (an error status, or a dropped connection), so retry paths
/// are tested against real HTTP failures instead of mocks. Thread-safe; each rule fires a fixed number of times.
/// </summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<FaultRule> _rules = [];

    /// <summary>Answers the next <paramref name="count"/> matching requests with <paramref name="statusCode"/>.</summary>
    public void FailNext(int count, string? method = null, string? pathContains = null, int statusCode = 503) =>
        Add(new FaultRule(count, method, pathContains, statusCode, Drop: false));

    /// <summary>Aborts the connection of the next <paramref name="count"/> matching requests without answering.</summary>
    public void DropConnectionNext(int count, string? method = null, string? pathContains = null) =>
        Add(new FaultRule(count, method, pathContains, 0, Drop: true));

    /// <summary>Removes every pending rule.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>How many faults have been injected so far.</summary>
    public int Injected { get; private set; }

    internal FaultRule? Take(string method, string path)
    {
        lock (_gate)
        {
            var rule = _rules.FirstOrDefault(r => r.Matches(method, path));
            if (rule is null)
            {
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

/// <summary>One fault rule: which requests it matches and what it does to them.</summary>
internal sealed record FaultRule(int Count, string? Method, string? PathContains, int StatusCode, bool Drop)
{
    public int Remaining { get; set; } = Count;

    public bool Matches(string method, string path) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase)) &&
        (PathContains is null || path.Contains(PathContains, StringComparison.Ordinal));
}
