using System.Diagnostics;
using EpisodeBuilder.DurableEngine;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EpisodeBuilder.Bench;

/// <summary>
/// What the Durable engine costs per step, apart from the step's own work: orchestrations of no-op activities,
/// a chain of <see cref="Steps"/> in sequence and a fan-out of <see cref="Steps"/> at once, timed from scheduling to
/// the client seeing the instance complete, on the in-memory backend and then on Azure Storage (an in-memory
/// Azurite started for the run).
/// </summary>
public sealed class EngineBenchmark(int runs, TextWriter progress)
{
    public const int Steps = 10;

    private const string NoOp = "NoOp";

    private static readonly EngineScenario[] Scenarios =
    [
        new("chain", "NoOpChain"),
        new("fan-out", "NoOpFanOut"),
    ];

    /// <summary>How long one orchestration may take before the run is reported as failed.</summary>
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    public async Task<EngineBenchmarkResult> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var inMemory = await MeasureAsync(EngineBackend.InMemory, connectionString: null, cancellationToken);

        progress.WriteLine("==> Starting Azurite (in memory)");
        BackendResult azureStorage;
        await using (var azurite = await AzuriteProcess.StartAsync(location: null, cancellationToken: cancellationToken))
        {
            azureStorage = await MeasureAsync(EngineBackend.AzureStorage, azurite.ConnectionString, cancellationToken);
        }

        return new EngineBenchmarkResult(startedAt, runs, Steps, Environment.ProcessorCount, Environment.OSVersion.VersionString, Environment.Version.ToString(), [inMemory, azureStorage]);
    }

    private async Task<BackendResult> MeasureAsync(EngineBackend backend, string? connectionString, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var options = new DurableEngineOptions
        {
            Backend = backend,
            ConnectionString = connectionString,
            TaskHub = "bench" + id,
            WorkerId = "bench-" + id,
            PartitionCount = 1,
        };

        progress.WriteLine($"==> {backend}: task hub {options.TaskHub}, 1 warm-up and {runs} runs per scenario");
        using var loggerFactory = LoggerFactory.Create(l => l
            .SetMinimumLevel(LogLevel.Warning)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddSimpleConsole(o => o.SingleLine = true));
        await using var engine = await EngineHost.StartAsync(options, loggerFactory, cancellationToken);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddDurableEngine(engine, Register);
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        try
        {
            var client = host.Services.GetRequiredService<DurableTaskClient>();
            foreach (var scenario in Scenarios)
            {
                await RunOnceAsync(client, scenario, cancellationToken);
            }

            var results = new List<ScenarioResult>();
            foreach (var scenario in Scenarios)
            {
                var times = new List<double>();
                for (var run = 0; run < runs; run++)
                {
                    times.Add((await RunOnceAsync(client, scenario, cancellationToken)).TotalMilliseconds);
                }

                results.Add(new ScenarioResult(scenario.Name, Steps, times));
            }

            return new BackendResult(backend.ToString(), results);
        }
        finally
        {
            // Host first, then the engine (the using above), then Azurite (the caller): the order EngineHost asks for.
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<TimeSpan> RunOnceAsync(DurableTaskClient client, EngineScenario scenario, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RunTimeout);
        var started = Stopwatch.GetTimestamp();
        var id = await client.ScheduleNewOrchestrationInstanceAsync(scenario.Orchestrator, Steps, timeout.Token);
        // Polled every 10 ms rather than WaitForInstanceCompletionAsync, which on Azure Storage looks only every 2 s
        // and would measure its own polling instead of the engine.
        OrchestrationMetadata? done;
        while ((done = await client.GetInstanceAsync(id, getInputsAndOutputs: true, timeout.Token)) is null || !done.IsCompleted)
        {
            await Task.Delay(10, timeout.Token);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);

        var expected = Steps * (Steps - 1) / 2;
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed || done.ReadOutputAs<int>() != expected)
        {
            throw new InvalidOperationException(
                $"{scenario.Orchestrator} ended {done.RuntimeStatus} with output {done.SerializedOutput ?? "none"} (expected {expected}): {done.FailureDetails?.ErrorMessage}");
        }

        return elapsed;
    }

    private static void Register(DurableTaskRegistry tasks) => tasks
        .AddActivityFunc<int, int>(NoOp, (_, step) => step)
        .AddOrchestratorFunc<int, int>("NoOpChain", async (context, steps) =>
        {
            var sum = 0;
            for (var step = 0; step < steps; step++)
            {
                sum += await context.CallActivityAsync<int>(NoOp, step);
            }

            return sum;
        })
        .AddOrchestratorFunc<int, int>("NoOpFanOut", async (context, steps) =>
        {
            var results = await Task.WhenAll(Enumerable.Range(0, steps).Select(step => context.CallActivityAsync<int>(NoOp, step)));
            return results.Sum();
        });

    private sealed record EngineScenario(string Name, string Orchestrator);
}
