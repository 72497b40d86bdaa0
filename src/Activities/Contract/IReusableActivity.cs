namespace EpisodeBuilder.Activities.Contract;

/// <summary>
/// A step whose result a later build of the same user takes instead of running it again, when that build would give it
/// the same inputs: the same bytes in every object it reads, the same values in its input record, the same
/// <see cref="Settings"/> and the same <see cref="Version"/> (see <c>StepResults</c>). Steps with effects beyond their
/// outputs (taking a turn, publishing, settling uploads) are never reusable.
/// </summary>
public interface IReusableActivity
{
    /// <summary>
    /// The version of the step's code: raised whenever a change to the step (or to what it calls) would change its output
    /// for the same inputs, so no build takes a result the current code would not make.
    /// </summary>
    int Version { get; }

    /// <summary>The configured settings that shape the step's output, beyond its input record (serialized into its key).</summary>
    object? Settings { get; }
}
