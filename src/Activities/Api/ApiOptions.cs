namespace EpisodeBuilder.Activities.Api;

/// <summary>Who may call the API and how (section <c>Auth</c>).</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Auth";

    /// <summary>
    /// Accept the caller's user id from the <c>X-User-Id</c> header. Only for local runs: in production the user
    /// is App Service authentication's <c>X-MS-CLIENT-PRINCIPAL-ID</c>, which clients cannot forge.
    /// </summary>
    public bool AllowUserIdHeader { get; set; }
}
