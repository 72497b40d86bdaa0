namespace EpisodeBuilder.Api;

/// <summary>
/// What an API operation produced, independent of any HTTP framework: a value with a status code, or a problem
/// (status, title, detail and per-field errors) that the host renders as problem details.
/// </summary>
public sealed record ApiResult(int Status, object? Value, ApiProblem? Problem, string? Location = null)
{
    /// <summary>When the caller may try again (<c>Retry-After</c>), for a refusal that passes with time.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static ApiResult Ok(object value) => new(200, value, null);

    public static ApiResult Accepted(object value, string? location = null) => new(202, value, null, location);

    public static ApiResult Fail(int status, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new(status, null, new ApiProblem(status, title, detail, errors));

    public static ApiResult Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        Fail(400, "The request is not valid.", string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")), errors);

    public static ApiResult NotFound(string detail) => Fail(404, "Not found.", detail);
}

/// <summary>An RFC 7807 problem.</summary>
public sealed record ApiProblem(int Status, string Title, string Detail, IReadOnlyDictionary<string, string[]>? Errors);
