using System.Security.Cryptography.X509Certificates;
using IdpFederation.Core.Federation;

namespace IdpFederation.Tests.Federation.Rollover;

/// <summary>
/// Entra as the rollover sees it: per federated domain, the signing and next certificates it holds. A push updates
/// every domain the test lets accept it (<see cref="Refusing"/> holds the others back), and every push is recorded.
/// The certificates themselves are kept, so tests verify token signatures against exactly what Entra holds.
/// </summary>
public sealed class FakeEntraFederationCertificates : IEntraFederationCertificates
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (X509Certificate2? Signing, X509Certificate2? Next)> _domains = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Signing, string? Next)> _pushes = [];

    public FakeEntraFederationCertificates(params string[] domains)
    {
        foreach (var domain in domains)
        {
            _domains[domain] = (null, null);
        }
    }

    /// <summary>Domains whose pushes Entra refuses (as if Graph failed for them) until the test removes them.</summary>
    public HashSet<string> Refusing { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<(string Signing, string? Next)> Pushes
    {
        get { lock (_gate) return _pushes.ToList(); }
    }

    /// <summary>The certificates one domain holds now (public parts).</summary>
    public IReadOnlyList<X509Certificate2> HeldBy(string domain)
    {
        lock (_gate)
        {
            var (signing, next) = _domains[domain];
            return new[] { signing, next }.OfType<X509Certificate2>().ToList();
        }
    }

    public void Hold(string domain, X509Certificate2? signing, X509Certificate2? next)
    {
        lock (_gate) _domains[domain] = (Public(signing), Public(next));
    }

    public Task<IReadOnlyList<EntraDomainCertificates>> ReadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<EntraDomainCertificates> held = _domains
                .Select(d => new EntraDomainCertificates(d.Key, d.Value.Signing?.Thumbprint, d.Value.Next?.Thumbprint)).ToList();
            return Task.FromResult(held);
        }
    }

    public Task<IReadOnlyList<CertificatePushResult>> PushAsync(X509Certificate2 signing, X509Certificate2? nextSigning, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _pushes.Add((signing.Thumbprint, nextSigning?.Thumbprint));
            var results = new List<CertificatePushResult>();
            foreach (var domain in _domains.Keys.ToList())
            {
                if (Refusing.Contains(domain))
                {
                    results.Add(new(domain, "refused by the test"));
                    continue;
                }

                _domains[domain] = (Public(signing), Public(nextSigning));
                results.Add(new(domain, null));
            }

            IReadOnlyList<CertificatePushResult> answer = results;
            return Task.FromResult(answer);
        }
    }

    private static X509Certificate2? Public(X509Certificate2? certificate) =>
        certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.RawData);
}
