using IdpFederation.Core.Tokens.Rollover;

namespace IdpFederation.Infrastructure.Persistence.Entities;

/// <summary>One managed token-signing certificate (signing_certificates); written only by EfSigningCertificateStore.</summary>
public sealed class SigningCertificateEntity
{
    public string Thumbprint { get; set; } = "";

    /// <summary>The PFX with its private key, protected with Data Protection (purpose SigningKeyProtector.Purpose), base64url.</summary>
    public string ProtectedPfx { get; set; } = "";

    public string Subject { get; set; } = "";
    public DateTime NotBeforeUtc { get; set; }
    public DateTime NotAfterUtc { get; set; }
    public SigningCertificateState State { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime? PromotedAtUtc { get; set; }
    public DateTime? RetiredAtUtc { get; set; }
}
