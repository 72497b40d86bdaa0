using EpisodeBuilder.GcsEmulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace EpisodeBuilder.GcsEmulator.Identity;

/// <summary>
/// Routes the identity endpoints that let the real Google.Apis.Auth credentials run against the emulator: the OAuth
/// token endpoint, the STS, IAM Credentials, the Compute metadata server and the Azure stand-in (managed identity and
/// the sign-in of single-page applications). Every other request is left to the storage routes.
/// </summary>
internal sealed class IdentityEndpoints(
    OAuthTokenHandler oauth,
    StsTokenHandler sts,
    IamCredentialsHandler iam,
    MetadataServerHandler metadata,
    AzureIdentityHandler azure,
    EntraSignInHandler signIn)
{
    /// <summary>Handles an identity request and returns true; returns false for anything else.</summary>
    public async Task<bool> TryHandleAsync(GcsRequest request, Uri baseUri, CancellationToken cancellationToken)
    {
        var context = request.Context;
        var get = HttpMethods.IsGet(request.Method);
        var post = HttpMethods.IsPost(request.Method);
        switch (request.Segments)
        {
            case [] when get && MetadataServerHandler.IsMetadataRequest(context):
                await MetadataServerHandler.RootAsync(context);
                return true;
            case ["computeMetadata", "v1", .. var path]:
                await metadata.HandleAsync(request, path);
                return true;
            case ["token"] when post && request.QueryValue("X-Goog-Signature") is null:
                await oauth.HandleAsync(context, baseUri, cancellationToken);
                return true;
            case ["v1", "token"] when post:
                await sts.HandleAsync(context, cancellationToken);
                return true;
            case ["v1", "projects", _, "serviceAccounts", var resource] when post:
                await iam.HandleAsync(request, resource, cancellationToken);
                return true;
            case ["_azure", "oidc", ".well-known", "openid-configuration"] when get:
            case ["_azure", "oidc", "v2.0", ".well-known", "openid-configuration"] when get:
                await azure.DiscoveryAsync(context);
                return true;
            case ["_azure", "oidc", "authorize"] when get:
                await signIn.AuthorizeAsync(request);
                return true;
            case ["_azure", "oidc", "token"] when post:
                await signIn.TokenAsync(context, cancellationToken);
                return true;
            case ["_azure", "oidc", "token"] when HttpMethods.IsOptions(request.Method):
                await signIn.PreflightAsync(context);
                return true;
            case ["_azure", "oidc", "logout"] when get:
                await signIn.LogoutAsync(request);
                return true;
            case ["_azure", "oidc", "keys"] when get:
                await azure.KeysAsync(context);
                return true;
            case ["_azure", "oidc", "mint"] when post:
                await azure.MintAsync(request, cancellationToken);
                return true;
            case ["_azure", "msi", "token"] when get:
                await azure.ManagedIdentityTokenAsync(request);
                return true;
            default:
                return false;
        }
    }
}
