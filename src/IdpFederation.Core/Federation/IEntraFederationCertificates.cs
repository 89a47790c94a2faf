using System.Security.Cryptography.X509Certificates;

namespace IdpFederation.Core.Federation;

/// <summary>
/// The certificates Entra holds for our federated domains, read and updated through Graph. Certificate rollover asks
/// it whether every federated domain holds the next certificate before signing with it (entra-federation.md §7).
/// </summary>
public interface IEntraFederationCertificates
{
    /// <summary>Every configured domain that Entra has federated with us, with the thumbprints it holds.</summary>
    Task<IReadOnlyList<EntraDomainCertificates>> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Sets signingCertificate and nextSigningCertificate on every domain federated with us; one result per domain.</summary>
    Task<IReadOnlyList<CertificatePushResult>> PushAsync(X509Certificate2 signing, X509Certificate2? nextSigning, CancellationToken cancellationToken);
}

/// <summary>SHA-1 thumbprints (upper-case hex, as X509Certificate2.Thumbprint) of what Entra holds for one domain.</summary>
public sealed record EntraDomainCertificates(string Domain, string? SigningThumbprint, string? NextThumbprint)
{
    public bool Holds(string thumbprint) =>
        string.Equals(SigningThumbprint, thumbprint, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(NextThumbprint, thumbprint, StringComparison.OrdinalIgnoreCase);
}

/// <summary>One domain's answer to a push: null error when Entra took it.</summary>
public sealed record CertificatePushResult(string Domain, string? Error);
