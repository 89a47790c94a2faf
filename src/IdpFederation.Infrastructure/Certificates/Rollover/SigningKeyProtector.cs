using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace IdpFederation.Infrastructure.Certificates.Rollover;

/// <summary>
/// Encrypts managed signing keys at rest with ASP.NET Data Protection, the key ring every instance already shares for
/// TOTP seeds (MfaSecretProtector) and cookies. The thumbprint is a sub-purpose, so a protected key copied onto another
/// certificate's row cannot be unprotected there. Whoever loses the key ring loses the managed signing keys: back it up
/// with the database (README "Certificate rollover").
/// </summary>
public sealed class SigningKeyProtector
{
    /// <summary>Versioned, so a future change of format gets a new purpose rather than a reinterpretation.</summary>
    public const string Purpose = "IdpFederation.Signing.Pfx.v1";

    private readonly IDataProtector _root;

    public SigningKeyProtector(IDataProtectionProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _root = provider.CreateProtector(Purpose);
    }

    /// <returns>Base64url text safe to store; the PFX inside has no password of its own.</returns>
    public string Protect(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var pfx = certificate.Export(X509ContentType.Pkcs12);
        try
        {
            return WebEncoders.Base64UrlEncode(_root.CreateProtector(certificate.Thumbprint).Protect(pfx));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pfx);
        }
    }

    /// <exception cref="CryptographicException">Altered, protected for another certificate, or its key is lost or revoked.</exception>
    public X509Certificate2 Unprotect(string thumbprint, string protectedPfx)
    {
        var pfx = _root.CreateProtector(thumbprint).Unprotect(WebEncoders.Base64UrlDecode(protectedPfx));
        try
        {
            // Exportable, so a later Protect (a replaced Next kept as Retired) and signing on Linux both work.
            return X509CertificateLoader.LoadPkcs12(pfx, password: null, X509KeyStorageFlags.EphemeralKeySet | X509KeyStorageFlags.Exportable);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pfx);
        }
    }
}
