using System.Security.Cryptography.X509Certificates;

namespace IdpFederation.Core.Tokens.Rollover;

/// <summary>
/// The managed signing certificates, shared by every instance through the directory database. Private keys are kept
/// encrypted with Data Protection and leave the store only as an X509Certificate2 with its key.
/// </summary>
public interface ISigningCertificateStore
{
    /// <summary>Every managed certificate, newest first; no keys.</summary>
    Task<IReadOnlyList<ManagedSigningCertificate>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The certificate with its private key; null when no such row exists.</summary>
    Task<X509Certificate2?> LoadAsync(string thumbprint, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="certificate"/> (with its private key) as the Next certificate.</summary>
    /// <param name="replace">Retire an existing Next first; otherwise an existing Next refuses the call.</param>
    /// <exception cref="SigningCertificateConflictException">A Next exists and replace is false, or the certificate is already stored.</exception>
    Task AddNextAsync(X509Certificate2 certificate, string createdBy, bool replace, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: the Current becomes Retired and the Next with <paramref name="thumbprint"/> becomes Current.
    /// Every instance sees the switch at its next refresh. False when that certificate is no longer the Next (another
    /// instance or the CLI promoted it already), and nothing changes.
    /// </summary>
    Task<bool> PromoteAsync(string thumbprint, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>A change the store refused because it would break the one-Current, one-Next rule.</summary>
public sealed class SigningCertificateConflictException(string message) : InvalidOperationException(message);
