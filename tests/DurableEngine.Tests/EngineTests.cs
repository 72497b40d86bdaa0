using System.Diagnostics;
using EpisodeBuilder.DurableEngine;
using EpisodeBuilder.Tests.Engines;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EpisodeBuilder.DurableEngine.Tests;

public sealed class EngineTests
{
    [Theory]
    [InlineData(EngineBackend.InMemory)]
    [InlineData(EngineBackend.AzureStorage)]
    public async Task Chain_and_fan_out_complete_with_every_result(EngineBackend backend)
    {
        await using var host = await EngineAppHost.StartAsync(await EngineAppHost.OptionsAsync(backend), tasks => tasks
            .AddActivityFunc<int, int>("Double", (_, x) => x * 2)
            .AddOrchestratorFunc<int, int>("ChainThenFanOut", async (context, n) =>
            {
                var value = 1;
                for (var i = 0; i < n; i++)
                {
                    value = await context.CallActivityAsync<int>("Double", value);
                }

                var fanned = await Task.WhenAll(Enumerable.Range(1, n).Select(i => context.CallActivityAsync<int>("Double", i)));
                return value + fanned.Sum();
            }));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("ChainThenFanOut", 5);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(32 + 30, done.ReadOutputAs<int>());
    }

    [Fact]
    public async Task A_step_longer_than_the_visibility_timeout_runs_once_because_its_lock_is_renewed()
    {
        var runs = 0;
        var options = await EngineAppHost.OptionsAsync(EngineBackend.AzureStorage);
        options.WorkItemVisibilityTimeout = TimeSpan.FromSeconds(10);
        options.LockRenewInterval = TimeSpan.FromSeconds(3);
        await using var host = await EngineAppHost.StartAsync(options, tasks => tasks
            .AddActivityFunc<int, string>("Slow", async (_, seconds) =>
            {
                Interlocked.Increment(ref runs);
                await Task.Delay(TimeSpan.FromSeconds(seconds));
                return "done";
            })
            .AddOrchestratorFunc<int, string>("OneSlowStep", (context, seconds) => context.CallActivityAsync<string>("Slow", seconds)));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("OneSlowStep", 25);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("done", done.ReadOutputAs<string>());
        Assert.Equal(1, runs);
        Assert.InRange(host.Engine.Locks.Renewals, 6, 10);
        Assert.Equal(0, host.Engine.Locks.HeldActivities);
    }

    [Fact]
    public async Task The_sidecar_pings_an_idle_worker_so_its_stream_never_looks_silent()
    {
        var options = await EngineAppHost.OptionsAsync(EngineBackend.InMemory);
        options.HealthPingInterval = TimeSpan.FromSeconds(1);
        await using var host = await EngineAppHost.StartAsync(options, tasks => tasks.AddOrchestratorFunc<int, int>("Nothing", (_, x) => x));

        var clock = Stopwatch.StartNew();
        while (host.Engine.Pings.Sent < 3 && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(200);
        }

        Assert.True(host.Engine.Pings.Sent >= 3, $"{host.Engine.Pings.Sent} pings in {clock.Elapsed}");
    }

    [Fact]
    public void Settings_that_do_not_fit_together_are_refused_naming_the_setting()
    {
        var problems = new DurableEngineOptions
        {
            Backend = EngineBackend.InMemory,
            Role = EngineRole.Worker,
            TaskHub = "1bad",
            WorkItemVisibilityTimeout = TimeSpan.FromSeconds(30),
            LockRenewInterval = TimeSpan.FromSeconds(20),
        }.Validate();

        Assert.Contains(problems, p => p.Contains("DurableEngine:TaskHub", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("DurableEngine:Role", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("DurableEngine:LockRenewInterval", StringComparison.Ordinal));
        Assert.Contains(new DurableEngineOptions { ConnectionString = null }.Validate(), p => p.Contains("DurableEngine:ConnectionString", StringComparison.Ordinal));
    }
}
