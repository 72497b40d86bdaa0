using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.Queue;
using Microsoft.Extensions.Options;

namespace EpisodeBuilder.Activities.TakeTurn;

/// <summary>Input of <see cref="TakeTurnActivity"/>: the build that asks whether it may run.</summary>
public sealed record TakeTurnInput(BuildRef Build) : IBuildStepInput<TakeTurnOutput>;

/// <summary>The build's position in its owner's line (0: it runs now), and when to ask again if it waits.</summary>
public sealed record TakeTurnOutput(int Position, TimeSpan RecheckAfter);

/// <summary>
/// Asks the owner's line (<see cref="UserBuildLine"/>) whether the build may run: it may when fewer than
/// <see cref="BuildQueueOptions.MaxRunningPerUser"/> of the user's builds run and no earlier build of theirs waits for
/// the place. Quick and idempotent; it reads and at most writes one small object.
/// </summary>
public sealed class TakeTurnActivity(UserBuildLine queue, IOptions<BuildQueueOptions> options)
    : IEpisodeActivity<TakeTurnInput, TakeTurnOutput>, IUninterruptibleActivity
{
    /// <summary>The activity's name in the Durable runtime (part of every running build's history: never renamed).</summary>
    public const string Name = "TakeTurn";

    public async Task<TakeTurnOutput> RunAsync(TakeTurnInput input, CancellationToken cancellationToken)
    {
        var place = await queue.TakeTurnAsync(input.Build.UserId, input.Build.BuildId, cancellationToken);
        return new TakeTurnOutput(place.Position, options.Value.RecheckInterval);
    }
}
