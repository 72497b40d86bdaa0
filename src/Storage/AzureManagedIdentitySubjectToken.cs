using Azure.Core;
using Google.Apis.Auth.OAuth2;

namespace EpisodeBuilder.Storage;

/// <summary>
/// The subject token of Workload Identity Federation from Azure: a token of the app's managed identity for the Entra
/// application the Google provider trusts, asked of the platform each time Google's credential refreshes. On App
/// Service and Functions that is <c>IDENTITY_ENDPOINT</c> with the <c>X-IDENTITY-HEADER</c> the platform sets in
/// <c>IDENTITY_HEADER</c> and rotates; <see cref="Azure.Identity.ManagedIdentityCredential"/> reads both at each request,
/// where a credential file's fixed header would go stale at the first rotation.
/// </summary>
public sealed class AzureManagedIdentitySubjectToken(TokenCredential azure, string resource) : ProgrammaticExternalAccountCredential.ISubjectTokenProvider
{
    /// <summary>The token type Google's STS is told the subject token is (an OIDC ID token or JWT access token).</summary>
    public const string TokenType = "urn:ietf:params:oauth:token-type:jwt";

    public Task<string> GetSubjectTokenAsync(ProgrammaticExternalAccountCredential caller, CancellationToken taskCancellationToken) =>
        TokenAsync(taskCancellationToken);

    /// <summary>A managed identity token for the resource, as Google's STS is given it.</summary>
    public async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        var token = await azure.GetTokenAsync(new TokenRequestContext([resource.TrimEnd('/') + "/.default"]), cancellationToken);
        return token.Token;
    }
}
