using EpisodeBuilder.Media;
using EpisodeBuilder.Storage;

namespace EpisodeBuilder.Activities.Contract;

/// <summary>Turns failures that no retry can fix into <see cref="InvalidBuildInputException"/> naming the input.</summary>
public static class InputErrors
{
    /// <summary>Runs <paramref name="work"/> on the input called <paramref name="what"/> (e.g. "the recording").</summary>
    public static async Task<T> AboutAsync<T>(string what, string key, Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (ObjectNotFoundException e)
        {
            throw new InvalidBuildInputException($"{Capitalize(what)} '{key}' does not exist.", e);
        }
        catch (InvalidMediaException e)
        {
            throw new InvalidBuildInputException($"{Capitalize(what)} '{key}' is not usable audio: {e.Reason}.", e);
        }
        catch (FormatException e)
        {
            throw new InvalidBuildInputException($"{Capitalize(what)} '{key}' is not valid: {e.Message}.", e);
        }
    }

    /// <summary>Refuses the input called <paramref name="what"/> when it is stored larger than <paramref name="maxBytes"/>, before anything downloads it.</summary>
    public static async Task RefuseLargerThanAsync(string what, ObjectStore store, string key, long maxBytes, string setting, CancellationToken cancellationToken)
    {
        var stored = await AboutAsync(what, key, async () => await store.GetAsync(key, cancellationToken) ?? throw new ObjectNotFoundException(key));
        if (stored.Size > maxBytes)
        {
            throw new InvalidBuildInputException($"{Capitalize(what)} '{key}' is {InputLimits.Bytes(stored.Size)}; the limit is {InputLimits.Bytes(maxBytes)} ({setting}).");
        }
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
