namespace EpisodeBuilder.GcsEmulator.Persistence;

/// <summary>
/// The generation and metageneration conditions a request carries (<c>ifGenerationMatch</c> and friends).
/// <c>ifGenerationMatch=0</c> means "only if no live object exists".
/// </summary>
public sealed record Preconditions(
    long? IfGenerationMatch = null,
    long? IfGenerationNotMatch = null,
    long? IfMetagenerationMatch = null,
    long? IfMetagenerationNotMatch = null)
{
    public static Preconditions None { get; } = new();

    /// <summary>Returns a reason when the conditions do not hold for <paramref name="current"/>, else null.</summary>
    public string? Check(ObjectRecord? current)
    {
        if (IfGenerationMatch is { } g)
        {
            var actual = current?.Generation ?? 0;
            if (actual != g)
            {
                return $"ifGenerationMatch={g} but the live generation is {actual}";
            }
        }

        if (IfGenerationNotMatch is { } ng && (current?.Generation ?? 0) == ng)
        {
            return $"ifGenerationNotMatch={ng} but the live generation is {ng}";
        }

        if (IfMetagenerationMatch is { } m && current?.Metageneration != m)
        {
            return $"ifMetagenerationMatch={m} but the live metageneration is {current?.Metageneration.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}";
        }

        if (IfMetagenerationNotMatch is { } nm && current?.Metageneration == nm)
        {
            return $"ifMetagenerationNotMatch={nm} but the live metageneration is {nm}";
        }

        return null;
    }
}
