using EpisodeBuilder.Activities.Builds;
using Microsoft.DurableTask;

namespace EpisodeBuilder.Activities.Hosting;

/// <summary>
/// Registers the episode-build orchestrator and its activities with a Durable Task worker (the in-process
/// engine used by tests and the local host). The Functions app registers the same classes through triggers.
/// </summary>
public static class EpisodeBuildRegistry
{
    public static DurableTaskRegistry AddEpisodeBuild(this DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<EpisodeBuildOrchestrator>(EpisodeBuildOrchestrator.Name);
        return registry;
    }

    private static void Add<TActivity, TInput, TOutput>(DurableTaskRegistry registry, string name)
        where TActivity : IEpisodeActivity<TInput, TOutput> =>
        registry.AddActivity<DurableActivityAdapter<TActivity, TInput, TOutput>>(name);
}
