namespace EpisodeBuilder.Activities.Contract;

/// <summary>
/// One step of a build: downloads its inputs from GCS into its own workspace, processes them, uploads the
/// results and returns their keys. Implementations know nothing of the host that schedules them.
/// </summary>
public interface IEpisodeActivity<in TInput, TOutput>
{
    Task<TOutput> RunAsync(TInput input, CancellationToken cancellationToken);
}
