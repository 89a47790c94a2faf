using System.Security.Cryptography.X509Certificates;

namespace IdpFederation.Infrastructure.Certificates.Rollover;

/// <summary>What an imported signing certificate must be before it may become the next one.</summary>
public static class SigningCertificateRules
{
    /// <returns>Null when usable; otherwise one sentence saying why not.</returns>
    public static string? Refusal(X509Certificate2 certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.NotAfter.ToUniversalTime() <= now.UtcDateTime)
        {
            return $"the certificate {certificate.Thumbprint} expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}.";
        }

        if (!certificate.HasPrivateKey)
        {
            return $"the certificate {certificate.Thumbprint} has no private key; it could not sign tokens.";
        }

        using (var rsa = certificate.GetRSAPublicKey())
        {
            if (rsa is null)
            {
                return $"the certificate {certificate.Thumbprint} has no RSA key; Entra needs RSA.";
            }

            if (rsa.KeySize < 2048)
            {
                return $"the certificate {certificate.Thumbprint} has a {rsa.KeySize}-bit key; at least 2048 bits are required (AADSTS50032).";
            }
        }

        // RFC 5280 §4.2.1.3: when the extension is present, it limits what the key may be used for.
        if (certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault() is { } usage
            && !usage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
        {
            return $"the certificate {certificate.Thumbprint} has a key usage without digitalSignature ({usage.KeyUsages}); it may not sign tokens.";
        }

        return null;
    }
}
