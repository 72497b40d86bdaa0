namespace EpisodeBuilder.Activities.Tests.Infrastructure;

/// <summary>Sets process environment variables and puts back what was there when disposed.</summary>
public sealed class EnvironmentScope : IDisposable
{
    private readonly List<(string Name, string? Previous)> _previous = [];

    public EnvironmentScope(params (string Name, string? Value)[] variables)
    {
        foreach (var (name, value) in variables)
        {
            Set(name, value);
        }
    }

    /// <summary>Sets one more variable (or changes one this scope set); it too is put back on dispose.</summary>
    public void Set(string name, string? value)
    {
        if (!_previous.Any(p => p.Name == name))
        {
            _previous.Add((name, Environment.GetEnvironmentVariable(name)));
        }

        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose()
    {
        foreach (var (name, previous) in _previous)
        {
            Environment.SetEnvironmentVariable(name, previous);
        }
    }
}
