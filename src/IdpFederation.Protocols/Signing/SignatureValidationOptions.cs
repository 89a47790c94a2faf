namespace IdpFederation.Protocols.Signing;

/// <summary>Knobs for <see cref="SignedXmlValidator"/>. The defaults are the secure choice.</summary>
public sealed record SignatureValidationOptions
{
    public static SignatureValidationOptions Default { get; } = new();

    /// <summary>
    /// Accept RSA-SHA1 / SHA-1. Off by default: SHA-1 is collision-prone. Turn on only for a
    /// named peer that cannot sign with SHA-256.
    /// </summary>
    public bool AllowSha1 { get; init; }
}
