namespace EpisodeBuilder.GcsEmulator.Access;

/// <summary>The access gate's answer for one request: go ahead, go ahead once the signed URL verifies, or refuse.</summary>
internal sealed record AccessDecision(bool SignatureRequired, AccessRefusal? Refusal, bool Xml)
{
    public static AccessDecision Granted { get; } = new(false, null, false);

    public static AccessDecision CheckSignature { get; } = new(true, null, true);

    public static AccessDecision Refuse(StorageOperation operation, AccessRefusal refusal) => new(false, refusal, operation.Xml);
}
