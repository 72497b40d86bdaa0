using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.Queue;

namespace EpisodeBuilder.Activities.LeaveQueue;

/// <summary>Input of <see cref="LeaveQueueActivity"/>: the build that has ended.</summary>
public sealed record LeaveQueueInput(BuildRef Build) : IBuildStepInput<LeaveQueueOutput>;

/// <summary>The owner's builds still waiting in line, for the ended build to wake.</summary>
public sealed record LeaveQueueOutput(IReadOnlyList<string> Waiting);

/// <summary>
/// Takes an ended build (completed, failed, canceled, review expired) out of its owner's line (<see cref="UserBuildLine"/>),
/// freeing its place. Runs even after a cancel.
/// </summary>
public sealed class LeaveQueueActivity(UserBuildLine queue) : IEpisodeActivity<LeaveQueueInput, LeaveQueueOutput>, IUninterruptibleActivity
{
    /// <summary>The activity's name in the Durable runtime (part of every running build's history: never renamed).</summary>
    public const string Name = "LeaveQueue";

    public async Task<LeaveQueueOutput> RunAsync(LeaveQueueInput input, CancellationToken cancellationToken) =>
        new(await queue.LeaveAsync(input.Build.UserId, input.Build.BuildId, cancellationToken));
}
