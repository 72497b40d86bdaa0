using System.Diagnostics;
using EpisodeBuilder.DurableEngine;
using EpisodeBuilder.Tests.Engines;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace EpisodeBuilder.DurableEngine.Tests;

/// <summary>
/// A step that runs 20 minutes, on both engines at once, with the production timings: past the SDK worker's
/// silent-disconnect window (120 s, five in a row recreate its channel) and many times the activity visibility
/// timeout. Its result must reach the orchestrator, and the step must run once. Takes 20 minutes: run with
/// <c>script/test --long</c> (CI runs it beside the main suite).
/// </summary>
[Trait("Category", "Long")]
public sealed class LongStepTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StepLength = TimeSpan.FromMinutes(20);

    [Fact]
    public async Task A_twenty_minute_step_completes_and_its_result_reaches_the_orchestrator_on_both_engines()
    {
        var results = await Task.WhenAll(RunAsync(EngineBackend.InMemory), RunAsync(EngineBackend.AzureStorage));

        foreach (var result in results)
        {
            output.WriteLine($"{result.Backend}: {result.Status} after {result.Elapsed:c}, runs {result.Runs}, pings {result.Pings}, lock renewals {result.Renewals}");
            Assert.Equal(OrchestrationRuntimeStatus.Completed, result.Status);
            Assert.Equal("ran 20 minutes", result.Output);
            Assert.Equal(1, result.Runs);
            Assert.True(result.Elapsed >= StepLength, $"{result.Backend} ended after {result.Elapsed}");
            Assert.True(result.Pings >= 35, $"{result.Backend}: {result.Pings} health pings in 20 minutes");
        }

        Assert.True(results.Single(r => r.Backend == EngineBackend.AzureStorage).Renewals >= 55, "Azure Storage's activity lock was renewed all along");
    }

    private static async Task<LongRun> RunAsync(EngineBackend backend)
    {
        var runs = 0;
        var options = await EngineAppHost.OptionsAsync(backend);
        await using var host = await EngineAppHost.StartAsync(options, tasks => tasks
            .AddActivityFunc<int, string>("TwentyMinutes", async (_, minutes) =>
            {
                Interlocked.Increment(ref runs);
                await Task.Delay(TimeSpan.FromMinutes(minutes));
                return $"ran {minutes} minutes";
            })
            .AddOrchestratorFunc<int, string>("LongStep", (context, minutes) => context.CallActivityAsync<string>("TwentyMinutes", minutes)));

        var clock = Stopwatch.StartNew();
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("LongStep", (int)StepLength.TotalMinutes);
        using var timeout = new CancellationTokenSource(StepLength + TimeSpan.FromMinutes(5));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        return new LongRun(backend, done.RuntimeStatus, done.ReadOutputAs<string>(), runs, clock.Elapsed, host.Engine.Pings.Sent, host.Engine.Locks.Renewals);
    }

    private sealed record LongRun(EngineBackend Backend, OrchestrationRuntimeStatus Status, string? Output, int Runs, TimeSpan Elapsed, long Pings, long Renewals);
}
