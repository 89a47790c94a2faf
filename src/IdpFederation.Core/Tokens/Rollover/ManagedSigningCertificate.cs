namespace IdpFederation.Core.Tokens.Rollover;

/// <summary>A managed signing certificate as the database lists it: everything but the key.</summary>
public sealed record ManagedSigningCertificate
{
    /// <summary>SHA-1, upper-case hex, as X509Certificate2.Thumbprint and Entra show it.</summary>
    public required string Thumbprint { get; init; }
    public required string Subject { get; init; }
    public required DateTimeOffset NotBefore { get; init; }
    public required DateTimeOffset NotAfter { get; init; }
    public required SigningCertificateState State { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The OS user who ran idpfed cert new, or "rollover-worker".</summary>
    public required string CreatedBy { get; init; }
    public DateTimeOffset? PromotedAt { get; init; }
    public DateTimeOffset? RetiredAt { get; init; }
}
