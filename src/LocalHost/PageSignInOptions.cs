using Microsoft.Extensions.Options;

namespace EpisodeBuilder.LocalHost;

/// <summary>
/// How the builds page signs in (section <c>Page:SignIn</c>), served to it as <c>/auth.json</c>: the page's app
/// registration, the directory that signs people in and the API scopes it asks for. Unset (no <c>ClientId</c>): the page
/// signs in nobody, and requests act as the local host's demo user.
/// </summary>
public sealed class PageSignInOptions
{
    public const string SectionName = "Page:SignIn";

    /// <summary>The page's own (single-page application) client id.</summary>
    public string? ClientId { get; set; }

    /// <summary>The directory, e.g. <c>https://login.microsoftonline.com/{tenant}</c>; MSAL.js takes only https.</summary>
    public string? Authority { get; set; }

    /// <summary>The API's delegated permissions the page asks for, e.g. <c>api://episode-builder/Episodes.Build</c>.</summary>
    public IList<string> Scopes { get; } = [];

    /// <summary>Hosts MSAL.js may trust as authorities besides Microsoft's own (a directory on another host).</summary>
    public IList<string> KnownAuthorities { get; } = [];

    public bool Enabled => !string.IsNullOrEmpty(ClientId);

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() => !Enabled ? null
        : !Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps
            ? $"{SectionName}:Authority must be an https URL when {SectionName}:ClientId is set, not '{Authority}'."
            : Scopes.Count == 0 ? $"{SectionName}:Scopes needs the API scope the page asks for (e.g. api://episode-builder/Episodes.Build)." : null;
}

/// <summary>Refuses to start with incomplete sign-in settings for the page, naming the setting.</summary>
public sealed class PageSignInValidation : IValidateOptions<PageSignInOptions>
{
    public ValidateOptionsResult Validate(string? name, PageSignInOptions options) =>
        options?.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
