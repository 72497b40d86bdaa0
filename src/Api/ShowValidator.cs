using System.Net.Mail;
using EpisodeBuilder.Activities.Contract;
using EpisodeBuilder.Activities.Publishing;

namespace EpisodeBuilder.Api;

/// <summary>
/// Checks the show of a build request against what Apple Podcasts and the Podcasting 2.0 namespace require of a
/// channel: a title and description, an author and an owner with an e-mail address, cover art at an https URL, and a
/// category (with an optional subcategory) from Apple's list.
/// </summary>
public static partial class ShowValidator
{
    public const int MaxTitle = 300;
    public const int MaxDescription = 4000;
    public const int MaxName = 300;

    /// <summary>Each problem as (field under <c>publish.show</c>, message); none when the show is complete.</summary>
    public static IEnumerable<(string Field, string Message)> Problems(ShowBody show)
    {
        if (string.IsNullOrWhiteSpace(show.Title) || show.Title.Length > MaxTitle)
        {
            yield return ("title", $"is required (at most {MaxTitle} characters).");
        }

        if (string.IsNullOrWhiteSpace(show.Description) || show.Description.Length > MaxDescription)
        {
            yield return ("description", $"is required (at most {MaxDescription} characters).");
        }

        if (string.IsNullOrWhiteSpace(show.Author) || show.Author.Length > MaxName)
        {
            yield return ("author", $"is required (at most {MaxName} characters).");
        }

        if (string.IsNullOrWhiteSpace(show.OwnerName) || show.OwnerName.Length > MaxName)
        {
            yield return ("ownerName", $"is required (at most {MaxName} characters).");
        }

        if (!IsEmail(show.OwnerEmail))
        {
            yield return ("ownerEmail", "is required: an e-mail address (directories send ownership checks to it).");
        }

        if (show.Image is null && !IsHttpsUrl(show.ImageUrl))
        {
            yield return ("imageUrl", "is required (or image, the key of uploaded art): an https URL of square JPEG or PNG cover art, 1400 to 3000 pixels.");
        }
        else if (show.Image is not null && show.ImageUrl is not null)
        {
            yield return ("image", "and imageUrl cannot both be given: the uploaded art is published and named in the feed.");
        }

        if (show.Link is not null && !(Uri.TryCreate(show.Link, UriKind.Absolute, out var link) && link.Scheme is "http" or "https"))
        {
            yield return ("link", "must be an absolute http or https URL.");
        }

        if (show.Type is not (null or "episodic" or "serial"))
        {
            yield return ("type", "must be \"episodic\" or \"serial\".");
        }

        if (show.Language is not null && !LanguageTag().IsMatch(show.Language))
        {
            yield return ("language", "must be a language tag such as \"en\", \"en-GB\" or \"fr-CA\".");
        }

        if (show.NewFeedUrl is not null && !(Uri.TryCreate(show.NewFeedUrl, UriKind.Absolute, out var moved) && moved.Scheme is "http" or "https"))
        {
            yield return ("newFeedUrl", "must be the absolute http or https URL of the show's new feed.");
        }

        if (show.Category is null || !ApplePodcastCategories.All.ContainsKey(show.Category))
        {
            yield return ("category", "is required: one of Apple Podcasts' categories, e.g. \"Technology\" or \"Society & Culture\".");
        }
        else if (!ApplePodcastCategories.IsValid(show.Category, show.Subcategory))
        {
            yield return ("subcategory", $"is not a subcategory of \"{show.Category}\": one of {string.Join(", ", ApplePodcastCategories.All[show.Category].Select(c => $"\"{c}\""))}.");
        }
    }

    /// <summary>The settings of a show <see cref="Problems"/> found nothing wrong with.</summary>
    public static ShowSettings ToSettings(ShowBody show) => new(
        show.Title!.Trim(),
        show.Description!.Trim(),
        show.Author!.Trim(),
        show.OwnerName!.Trim(),
        show.OwnerEmail!.Trim(),
        show.Image is null ? show.ImageUrl : null,
        show.Category!,
        show.Subcategory,
        show.Explicit ?? false,
        show.Locked ?? true,
        show.Link,
        show.Type ?? "episodic",
        show.Language,
        show.NewFeedUrl,
        show.Block ?? false,
        show.Complete ?? false,
        show.Image);

    private static bool IsEmail(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= 254 && MailAddress.TryCreate(value.Trim(), out var address) && address.Address == value.Trim();

    /// <summary>A BCP 47 language tag as feeds use it: a language, then optional region or script subtags.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial System.Text.RegularExpressions.Regex LanguageTag();

    private static bool IsHttpsUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;
}
