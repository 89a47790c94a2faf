using System.Security.Cryptography.X509Certificates;

namespace IdpFederation.Infrastructure.Certificates;

/// <summary>The certificate that signs now, and the one published ahead of a rollover.</summary>
public sealed record SigningCertificates(X509Certificate2 Current, X509Certificate2? Next)
{
    public IEnumerable<X509Certificate2> Published => Next is null ? [Current] : [Current, Next];
}
