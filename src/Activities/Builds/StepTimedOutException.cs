namespace EpisodeBuilder.Activities.Builds;

/// <summary>A step ran past its deadline (<see cref="BuildOptions.StepTimeout"/>): its build fails naming it.</summary>
public sealed class StepTimedOutException(string step, TimeSpan timeout)
    : Exception($"Step '{step}' did not finish within {timeout:g}; the build was stopped so it does not run for ever.")
{
    public string Step { get; } = step;
}
