using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Orchestration;
using Microsoft.DurableTask;

namespace EpisodeBuilder.Orchestration.Workers;

/// <summary>
/// Registers the episode-build orchestrator and every declared activity (<see cref="BuildActivities"/>) with a Durable
/// Task worker (the engine used by the local host and tests). The Functions app registers the same classes through triggers.
/// </summary>
public static class EpisodeBuildRegistry
{
    public static DurableTaskRegistry AddEpisodeBuild(this DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<EpisodeBuildOrchestrator>(EpisodeBuildOrchestrator.Name);
        foreach (var activity in BuildActivities.All)
        {
            registry.AddActivity(activity.Name, typeof(DurableActivityAdapter<,>).MakeGenericType(activity.InputType, activity.OutputType));
        }

        return registry;
    }
}
