using System.Net;

namespace EpisodeBuilder.GcsEmulator.Persistence;

/// <summary>A request the emulator refuses, with the status code and reason GCS would answer.</summary>
public sealed class EmulatorException : Exception
{
    public EmulatorException()
        : this(HttpStatusCode.InternalServerError, "internalError", "Internal error")
    {
    }

    public EmulatorException(string message)
        : this(HttpStatusCode.BadRequest, "invalid", message)
    {
    }

    public EmulatorException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = HttpStatusCode.BadRequest;
        Reason = "invalid";
    }

    public EmulatorException(HttpStatusCode status, string reason, string message)
        : base(message)
    {
        Status = status;
        Reason = reason;
    }

    public HttpStatusCode Status { get; }

    public string Reason { get; }

    /// <summary>Where in the request the fault lies (e.g. <c>Authorization</c>, <c>If-Match</c>), as GCS names it.</summary>
    public string? Location { get; init; }

    /// <summary>What kind of place <see cref="Location"/> is (<c>header</c>, <c>parameter</c>).</summary>
    public string? LocationType { get; init; }

    public static EmulatorException NotFound(string what) => new(HttpStatusCode.NotFound, "notFound", $"No such object: {what}");

    public static EmulatorException BucketNotFound(string bucket) => new(HttpStatusCode.NotFound, "notFound", $"The specified bucket does not exist: {bucket}");

    public static EmulatorException PreconditionFailed(string detail) => new(HttpStatusCode.PreconditionFailed, "conditionNotMet", $"At least one of the pre-conditions you specified did not hold. ({detail})");

    public static EmulatorException Invalid(string message) => new(HttpStatusCode.BadRequest, "invalid", message);
}
