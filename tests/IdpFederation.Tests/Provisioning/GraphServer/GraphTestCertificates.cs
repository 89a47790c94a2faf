using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// The HTTPS identity of one Graph test server: an RSA CA made in the test run and a server certificate it issues for
/// 127.0.0.1 and localhost. The CA is also written as PEM to a temp file, so that a child process (the CLI) can trust it
/// through SSL_CERT_FILE. No key leaves memory. One set serves every server of the test run (<see cref="Shared"/>):
/// RSA key generation is the slowest part of a start on a loaded two-core machine.
/// </summary>
internal sealed class GraphTestCertificates
{
    private static readonly Lazy<GraphTestCertificates> SharedSet = new(Create);

    private GraphTestCertificates(X509Certificate2 ca, X509Certificate2 server, string caPemPath)
    {
        CaCertificate = ca;
        ServerCertificate = server;
        CaPemPath = caPemPath;
    }

    public X509Certificate2 CaCertificate { get; }

    public X509Certificate2 ServerCertificate { get; }

    public string CaPemPath { get; }

    public static GraphTestCertificates Shared => SharedSet.Value;

    private static GraphTestCertificates Create()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Graph test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        using var caWithKey = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));

        using var serverKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=graph.test", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(caWithKey, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(caWithKey, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(2), serial);
        using var issuedWithKey = issued.CopyWithPrivateKey(serverKey);

        // Kestrel on Linux wants a certificate whose key it can use for every handshake: load it back from PKCS#12.
        var server = X509CertificateLoader.LoadPkcs12(issuedWithKey.Export(X509ContentType.Pkcs12), null);
        var ca = X509CertificateLoader.LoadCertificate(caWithKey.RawData);
        var pemPath = Path.Combine(Path.GetTempPath(), $"graph-test-ca-{Guid.NewGuid():N}.pem");
        File.WriteAllText(pemPath, ca.ExportCertificatePem());
        return new GraphTestCertificates(ca, server, pemPath);
    }

    /// <summary>
    /// A handler that accepts exactly server certificates chaining to this CA with a matching name: the name check
    /// still applies, and the system roots are not consulted.
    /// </summary>
    public SocketsHttpHandler CreateTrustingHandler()
    {
        var ca = CaCertificate;
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    certificate is not null && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
                    && ChainsTo(ca, certificate),
            },
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
    }

    private static bool ChainsTo(X509Certificate2 ca, X509Certificate certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
