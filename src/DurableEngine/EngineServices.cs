using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace EpisodeBuilder.DurableEngine;

/// <summary>Connects a host's Durable Task client, and its worker when the role runs one, to an <see cref="EngineHost"/>.</summary>
public static class EngineServices
{
    public static IServiceCollection AddDurableEngine(this IServiceCollection services, EngineHost engine, Action<DurableTaskRegistry> tasks)
    {
        services.AddSingleton(engine);
        services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(engine.Channel);
            client.RegisterDirectly();
        });
        if (engine.RunsWorker)
        {
            services.AddDurableTaskWorker(worker =>
            {
                worker.UseGrpc(engine.Channel);
                worker.AddTasks(tasks);
                worker.Configure(o => o.Concurrency.MaximumConcurrentActivityWorkItems = engine.Options.MaxConcurrentActivities);
            });
        }

        return services;
    }
}
