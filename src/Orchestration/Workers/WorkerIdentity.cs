namespace EpisodeBuilder.Orchestration.Workers;

/// <summary>This process's name among the workers of a task hub, recorded in the step timeline for each step it runs.</summary>
public sealed record WorkerIdentity(string Name)
{
    /// <summary>The platform's instance id where there is one (Azure's <c>WEBSITE_INSTANCE_ID</c>), else host and process.</summary>
    public static WorkerIdentity FromEnvironment()
    {
        var instance = Environment.GetEnvironmentVariable("WEBSITE_INSTANCE_ID");
        var host = string.IsNullOrEmpty(instance) ? Environment.MachineName : instance[..Math.Min(12, instance.Length)];
        return new WorkerIdentity($"{host}-{Environment.ProcessId}");
    }
}
