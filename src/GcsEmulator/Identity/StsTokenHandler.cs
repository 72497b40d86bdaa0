using Microsoft.AspNetCore.Http;

namespace EpisodeBuilder.GcsEmulator.Identity;

/// <summary>
/// <c>POST /v1/token</c>, the Security Token Service of workload identity federation: exchanges a subject token from
/// the emulator's Azure issuer for a federated access token whose principal is
/// <c>principal://iam.googleapis.com/{pool}/subject/{sub}</c>, as <c>external_account</c> credentials ask at their
/// <c>token_url</c>. Refusals are OAuth errors.
/// </summary>
internal sealed class StsTokenHandler(WorkloadIdentityPool pool, AzureOidcIssuer issuer, AccessTokens tokens, TimeProvider time)
{
    public const string TokenExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange";
    public const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    private static readonly string[] SubjectTokenTypes = ["urn:ietf:params:oauth:token-type:jwt", "urn:ietf:params:oauth:token-type:id_token"];
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    public async Task HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType)
        {
            await IdentityResponses.OAuthErrorAsync(context, "invalid_request", "The request must be application/x-www-form-urlencoded.");
            return;
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        string Field(string name) => form[name].ToString();

        if (Field("grant_type") != TokenExchangeGrant)
        {
            await IdentityResponses.OAuthErrorAsync(context, "unsupported_grant_type", $"Invalid grant_type: '{Field("grant_type")}'. Only {TokenExchangeGrant} is supported.");
            return;
        }

        if (Field("requested_token_type") is { Length: > 0 } requested && requested != AccessTokenType)
        {
            await IdentityResponses.OAuthErrorAsync(context, "invalid_request", $"Invalid requested_token_type: '{requested}'. Only {AccessTokenType} is supported.");
            return;
        }

        if (!SubjectTokenTypes.Contains(Field("subject_token_type")))
        {
            await IdentityResponses.OAuthErrorAsync(context, "invalid_request", $"Invalid subject_token_type: '{Field("subject_token_type")}'. Expected one of {string.Join(", ", SubjectTokenTypes)}.");
            return;
        }

        if (Field("audience") != pool.Provider)
        {
            await IdentityResponses.OAuthErrorAsync(
                context,
                "invalid_target",
                $"The target service indicated by the \"audience\" parameter is invalid: '{Field("audience")}' is not the workload identity provider '{pool.Provider}'.");
            return;
        }

        var subjectToken = CompactJwt.TryParse(Field("subject_token"));
        if (subjectToken is null)
        {
            await IdentityResponses.OAuthErrorAsync(context, "invalid_grant", "The subject token is not a JWT.");
            return;
        }

        if (issuer.Check(subjectToken) is { } refusal)
        {
            await IdentityResponses.OAuthErrorAsync(context, "invalid_grant", refusal);
            return;
        }

        if (!pool.Allows(subjectToken.Audiences))
        {
            await IdentityResponses.OAuthErrorAsync(
                context,
                "invalid_grant",
                $"The audience in the subject token ({string.Join(", ", subjectToken.Audiences)}) does not match the provider's allowed audiences ({string.Join(", ", pool.AllowedAudiences)}).");
            return;
        }

        var scopes = Field("scope").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var grant = tokens.Issue(pool.PrincipalOf(subjectToken.Subject!), TokenLifetime, scopes);
        await IdentityResponses.JsonAsync(context, new
        {
            access_token = grant.Token,
            issued_token_type = AccessTokenType,
            token_type = "Bearer",
            expires_in = grant.ExpiresInSeconds(time),
        });
    }
}
