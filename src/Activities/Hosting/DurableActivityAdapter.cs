using EpisodeBuilder.Activities.Builds;
using Microsoft.DurableTask;

namespace EpisodeBuilder.Activities.Hosting;

/// <summary>
/// Lets the in-process Durable Task worker run an <see cref="IEpisodeActivity{TInput,TOutput}"/> resolved from
/// dependency injection, exactly as the Functions app's activity triggers do.
/// </summary>
public sealed class DurableActivityAdapter<TActivity, TInput, TOutput> : TaskActivity<TInput, TOutput>
    where TActivity : IEpisodeActivity<TInput, TOutput>
{
    private readonly TActivity _activity;

    public DurableActivityAdapter(TActivity activity) => _activity = activity;

    public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) =>
        _activity.RunAsync(input, CancellationToken.None);
}
