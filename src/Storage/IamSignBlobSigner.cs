using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Google.Apis.Auth.OAuth2;
using Google.Cloud.Storage.V1;

namespace EpisodeBuilder.Storage;

/// <summary>
/// Signs V4 URLs without holding a key: the IAM Credentials API's <c>signBlob</c> signs with the service account's
/// Google-managed key, called with the app's own access token (a service account, Workload Identity Federation from
/// Azure, or the metadata server on Google Cloud). The caller needs <c>iam.serviceAccounts.signBlob</c> on the account
/// (the Service Account Token Creator role). The API's base URL is configurable so tests run this against the emulator.
/// </summary>
public sealed class IamSignBlobSigner(ITokenAccess credential, string serviceAccountEmail, Uri iamCredentialsBaseUrl, HttpClient http) : UrlSigner.IBlobSigner
{
    public string Id => serviceAccountEmail;

    public string Algorithm => "GOOG4-RSA-SHA256";

    public string CreateSignature(byte[] data, UrlSigner.BlobSignerParameters parameters) =>
        CreateSignatureAsync(data, parameters, CancellationToken.None).GetAwaiter().GetResult();

    public async Task<string> CreateSignatureAsync(byte[] data, UrlSigner.BlobSignerParameters parameters, CancellationToken cancellationToken)
    {
        var token = await credential.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);
        var url = new Uri(iamCredentialsBaseUrl, $"v1/projects/-/serviceAccounts/{Uri.EscapeDataString(serviceAccountEmail)}:signBlob");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new SignBlobRequest(Convert.ToBase64String(data))) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new UrlSigningException($"IAM signBlob as {serviceAccountEmail} answered {(int)response.StatusCode}: {detail}");
        }

        var signed = await response.Content.ReadFromJsonAsync<SignBlobResponse>(cancellationToken)
            ?? throw new UrlSigningException($"IAM signBlob as {serviceAccountEmail} answered without a body.");
        return signed.SignedBlob;
    }

    private sealed record SignBlobRequest([property: JsonPropertyName("payload")] string Payload);

    private sealed record SignBlobResponse([property: JsonPropertyName("keyId")] string? KeyId, [property: JsonPropertyName("signedBlob")] string SignedBlob);
}

/// <summary>A URL could not be signed (the signing service refused or failed).</summary>
public sealed class UrlSigningException(string message) : Exception(message);
