using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Google.Cloud.Storage.V1;

namespace EpisodeBuilder.GcsEmulator.Tests;

/// <summary>
/// Signs V4 URLs through IAM Credentials <c>signBlob</c> over HTTP, as the app will on Google Cloud where no private
/// key is at hand: the bearer token is whatever credential the app runs with.
/// </summary>
internal sealed class IamBlobSigner(HttpClient http, string serviceAccountEmail, Func<CancellationToken, Task<string>> accessToken) : UrlSigner.IBlobSigner
{
    public string Id => serviceAccountEmail;

    public string Algorithm => "GOOG4-RSA-SHA256";

    public string CreateSignature(byte[] data, UrlSigner.BlobSignerParameters signerParameters) =>
        CreateSignatureAsync(data, signerParameters, CancellationToken.None).GetAwaiter().GetResult();

    public async Task<string> CreateSignatureAsync(byte[] data, UrlSigner.BlobSignerParameters signerParameters, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/projects/-/serviceAccounts/{Uri.EscapeDataString(serviceAccountEmail)}:signBlob")
        {
            Content = JsonContent.Create(new { payload = Convert.ToBase64String(data) }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await accessToken(cancellationToken));
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return body!["signedBlob"]!.GetValue<string>();
    }
}
