using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;

namespace EpisodeBuilder.GcsEmulator;

/// <summary>How an emulator instance listens, where it keeps its data, and which identities it trusts and issues.</summary>
public sealed class GcsEmulatorOptions
{
    /// <summary>Loopback address to listen on.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port to listen on; 0 picks any free port.</summary>
    public int Port { get; set; } = 4443;

    /// <summary>Folder that keeps buckets and objects across restarts; null keeps them only in this process.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>
    /// When true, every JSON API and upload request needs a bearer token the emulator issued (or is an anonymous read
    /// the bucket's IAM policy grants <c>allUsers</c>, or a resumable session's chunk); anonymous callers get GCS's
    /// 401. When false (the default) those APIs accept any caller, as before. XML path-style requests need a signed
    /// URL, an issued token or a public grant either way.
    /// </summary>
    public bool RequireAuthentication { get; set; }

    /// <summary>
    /// Service account key files (JSON) the emulator trusts: their V4 signed URLs are accepted, their JWT assertions
    /// exchanged at <c>/token</c>, and IAM Credentials can sign and mint tokens as them.
    /// </summary>
    public IList<string> ServiceAccountKeyFiles { get; } = new List<string>();

    /// <summary>
    /// The workload identity pool provider the STS (<c>/v1/token</c>) accepts as <c>audience</c>; federated tokens name
    /// their principal <c>principal://iam.googleapis.com/projects/…/workloadIdentityPools/{pool}/subject/{sub}</c>.
    /// </summary>
    public string WorkloadIdentityProvider { get; set; } = "//iam.googleapis.com/projects/0/locations/global/workloadIdentityPools/azure/providers/app";

    /// <summary>The subject token <c>aud</c> values the provider accepts (its allowed audiences); empty accepts any.</summary>
    public IList<string> WorkloadIdentityAllowedAudiences { get; } = new List<string>();

    /// <summary>
    /// Who may act as which service account through IAM Credentials (<c>generateAccessToken</c>, <c>signBlob</c>): service
    /// account email → principals (an email, a <c>principal://…</c>, or <c>*</c>). Empty: any principal holding an
    /// emulator-issued token may act as any trusted account. Once set, only those listed may; an account may always act
    /// as itself.
    /// </summary>
    public IDictionary<string, IList<string>> Impersonation { get; } = new Dictionary<string, IList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The service account the metadata server's <c>default</c> is; null: the first account trusted.</summary>
    public string? MetadataServiceAccount { get; set; }

    /// <summary>What the metadata server answers at <c>/computeMetadata/v1/project/project-id</c>.</summary>
    public string MetadataProjectId { get; set; } = "episode-builder-local";

    /// <summary>The value the managed identity endpoint (<c>/_azure/msi/token</c>) requires in <c>X-IDENTITY-HEADER</c>.</summary>
    public string ManagedIdentitySecret { get; set; } = "local-identity-header";

    /// <summary>How long the managed identity endpoint's tokens live (default an hour; Azure's clients re-ask within 5 minutes of the end).</summary>
    public TimeSpan ManagedIdentityTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The longest any Google access token the emulator issues lives; null: as asked (an hour by default).</summary>
    public TimeSpan? AccessTokenLifetime { get; set; }

    /// <summary>The managed identity's object id: <c>sub</c> and <c>oid</c> of the tokens it is given.</summary>
    public string ManagedIdentityObjectId { get; set; } = "6c0f3f1e-6a52-4b83-9d1e-4c2a7f9b0e11";

    /// <summary>
    /// A certificate (with its private key) to serve every endpoint over HTTPS as well, on <see cref="HttpsPort"/>. The
    /// stand-in Azure issuer then names its HTTPS address, as Entra ID does: MSAL.js and JwtBearer's metadata checks
    /// accept only an https authority.
    /// </summary>
    public X509Certificate2? HttpsCertificate { get; set; }

    /// <summary>The HTTPS port when <see cref="HttpsCertificate"/> is set; 0 picks any free port.</summary>
    public int HttpsPort { get; set; }

    /// <summary>The stand-in directory's tenant id: <c>tid</c> of the tokens its sign-in issues.</summary>
    public string TenantId { get; set; } = "72f988bf-0000-4000-8000-00000000e17a";

    /// <summary>
    /// Single-page applications registered with the stand-in sign-in (<c>/_azure/oidc/authorize</c> and <c>/token</c>):
    /// client id → its redirect URIs, matched exactly as Entra ID does. Their origins may call the token endpoint (CORS).
    /// Read on each request, so a client may be registered once its page's port is known.
    /// </summary>
    public IDictionary<string, IList<string>> SignInClients { get; } = new ConcurrentDictionary<string, IList<string>>(StringComparer.Ordinal);

    /// <summary>
    /// APIs registered with the stand-in sign-in: Application ID URI (what scopes name, <c>api://episode-builder</c>) → the
    /// API's client id. Their access tokens are v2.0, as an API registered with <c>requestedAccessTokenVersion: 2</c> gets
    /// from Entra ID: <c>aud</c> is the client id, <c>iss</c> the v2.0 issuer. A scope of an API not listed is refused.
    /// </summary>
    public IDictionary<string, string> SignInApis { get; } = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Who signs in at the stand-in's authorize endpoint: it has no login form and signs this user in at once.</summary>
    public SignInUser SignInUser { get; set; } = new("3f2b7c1d-5e4a-4f6b-8c9d-0a1b2c3d4e5f", "Demo User", "demo@example.test");
}

/// <summary>A directory user of the stand-in sign-in: <c>oid</c>, <c>name</c> and <c>preferred_username</c> of its tokens.</summary>
public sealed record SignInUser(string ObjectId, string Name, string UserName);
