using System.Globalization;
using System.Net;
using EpisodeBuilder.GcsEmulator.Persistence;

namespace EpisodeBuilder.GcsEmulator.Protocol;

/// <summary>
/// The XML API's <c>x-goog-content-length-range: MIN,MAX</c> request header: an upload whose size falls outside it is
/// refused with 400 (a signed URL that signs the header holds every upload through it to the range).
/// </summary>
internal sealed record ContentLengthRange(long Min, long Max)
{
    public const string Header = "x-goog-content-length-range";

    /// <summary>The range a request sent, null when it sent none; a malformed one is refused.</summary>
    public static ContentLengthRange? Parse(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var parts = value.Split(',');
        if (parts.Length == 2
            && long.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var min)
            && long.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var max)
            && min <= max)
        {
            return new ContentLengthRange(min, max);
        }

        throw new EmulatorException(HttpStatusCode.BadRequest, "InvalidArgument", $"Invalid {Header}: '{value}'.");
    }

    /// <summary>Refuses <paramref name="size"/> bytes outside the range.</summary>
    public void Check(long size)
    {
        if (size > Max)
        {
            throw new EmulatorException(HttpStatusCode.BadRequest, "EntityTooLarge", $"Your proposed upload is larger than the maximum object size specified in your Policy Document ({size} > {Max} bytes).");
        }

        if (size < Min)
        {
            throw new EmulatorException(HttpStatusCode.BadRequest, "EntityTooSmall", $"Your proposed upload is smaller than the minimum object size specified in your Policy Document ({size} < {Min} bytes).");
        }
    }
}
