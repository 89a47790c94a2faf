using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using IdpFederation.Core.Auditing;
using IdpFederation.Core.Federation;
using IdpFederation.Tests.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Federation.Rollover;

/// <summary>idpfed cert new, status and promote against a real SQLite directory, with a fake Entra where one is needed.</summary>
[Trait("Kind", "Integration")]
public sealed class CertRolloverCommandTests : IDisposable
{
    private readonly CliTestHost _cli = new(idp => idp["Signing"] = new JsonObject { ["Current"] = new JsonObject { ["Path"] = "signing.pfx" } });

    public CertRolloverCommandTests() => WritePfx(Path.Combine(_cli.ConfigDirectory, "signing.pfx"), daysLeft: 200);

    public void Dispose() => _cli.Dispose();

    private static byte[] Certificate(double daysLeft, int keySize = 2048, X509KeyUsageFlags usage = X509KeyUsageFlags.DigitalSignature, bool withKey = true)
    {
        using var rsa = RSA.Create(keySize);
        var request = new CertificateRequest("CN=Imported Signing", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(Math.Min(-1, daysLeft - 1)), now.AddDays(daysLeft));
        if (withKey)
        {
            return certificate.Export(X509ContentType.Pkcs12);
        }

        using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);
        return publicOnly.Export(X509ContentType.Pkcs12);
    }

    private static void WritePfx(string path, double daysLeft) => File.WriteAllBytes(path, Certificate(daysLeft));

    private Task<CliResult> RunAsync(FakeEntraFederationCertificates? entra, params string[] args) =>
        _cli.RunWithServicesAsync("", entra is null ? null : services => services.AddSingleton<IEntraFederationCertificates>(entra), args);

    private async Task<string> CertNewAsync(params string[] extra)
    {
        var result = (await RunAsync(null, ["cert", "new", "--key-size", "2048", .. extra])).Succeeded();
        return result.Stdout.Split(' ')[3];
    }

    [Fact]
    public async Task Cert_new_stores_the_next_certificate_status_shows_it_and_the_audit_names_who()
    {
        var next = await CertNewAsync();

        var status = (await RunAsync(null, "cert", "status", "--json")).Succeeded().Json;
        Assert.Equal(next, (string?)status["next"]!["thumbprint"]);
        Assert.Equal("managed", (string?)status["next"]!["source"]);
        Assert.Equal("Idp:Signing:Current", (string?)status["current"]!["source"]);
        // The Graph implementation is registered; with no Graph connection configured, no domain is federated with us.
        Assert.True((bool)status["entraAsked"]!);

        var audit = await _cli.WithServicesAsync((_, log, _) => log.QueryAsync(new AuditQuery { Username = Environment.UserName }));
        var created = Assert.Single(audit, e => e.EventType == AuditEventTypes.SigningCertificate);
        Assert.Equal("generated", created.Reason);
        Assert.Contains(next, created.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_next_certificate_is_refused_unless_replace()
    {
        var first = await CertNewAsync();

        (await RunAsync(null, "cert", "new", "--key-size", "2048")).FailedWith(1, $"A next certificate ({first}) already exists; pass --replace");
        var second = await CertNewAsync("--replace");

        var status = (await RunAsync(null, "cert", "status", "--json")).Succeeded().Json;
        Assert.Equal(second, (string?)status["next"]!["thumbprint"]);
        Assert.Contains(status["retired"]!.AsArray(), r => (string?)r!["thumbprint"] == first);
    }

    [Theory]
    [InlineData("expired", -1.0, 2048, X509KeyUsageFlags.DigitalSignature, true)]
    [InlineData("has no private key", 100.0, 2048, X509KeyUsageFlags.DigitalSignature, false)]
    [InlineData("has a 1024-bit key", 100.0, 1024, X509KeyUsageFlags.DigitalSignature, true)]
    [InlineData("without digitalSignature", 100.0, 2048, X509KeyUsageFlags.KeyEncipherment, true)]
    public async Task Imports_that_could_not_sign_are_refused(string reason, double daysLeft, int keySize, X509KeyUsageFlags usage, bool withKey)
    {
        var path = Path.Combine(_cli.Root, "import.pfx");
        File.WriteAllBytes(path, Certificate(daysLeft, keySize, usage, withKey));

        (await RunAsync(null, "cert", "new", "--import", path)).FailedWith(1, reason);
        Assert.Null((await RunAsync(null, "cert", "status", "--json")).Succeeded().Json["next"]);
    }

    [Fact]
    public async Task A_pem_certificate_with_its_key_is_imported()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Pem Signing", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(300));
        File.WriteAllText(Path.Combine(_cli.Root, "c.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_cli.Root, "k.pem"), rsa.ExportPkcs8PrivateKeyPem());

        (await RunAsync(null, "cert", "new", "--pem", Path.Combine(_cli.Root, "c.pem"), "--key", Path.Combine(_cli.Root, "k.pem"))).Succeeded();

        var status = (await RunAsync(null, "cert", "status", "--json")).Succeeded().Json;
        Assert.Equal(certificate.Thumbprint, (string?)status["next"]!["thumbprint"]);
    }

    [Fact]
    public async Task Promote_is_refused_while_a_domain_lacks_the_next_certificate_and_force_overrides()
    {
        var next = await CertNewAsync();
        var entra = new FakeEntraFederationCertificates("contoso.com", "fabrikam.com");
        // Only the thumbprints matter to the promotion rule: hold the next one in contoso.com alone.
        var held = new ThumbprintOnlyEntra(entra, ("contoso.com", next));

        (await _cli.RunWithServicesAsync("", s => s.AddSingleton<IEntraFederationCertificates>(held), "cert", "promote")).FailedWith(1, "fabrikam.com");
        var status = (await _cli.RunWithServicesAsync("", s => s.AddSingleton<IEntraFederationCertificates>(held), "cert", "status")).Succeeded().Stdout;
        Assert.Contains("fabrikam.com: signing - (-), next - (-); does NOT hold the next certificate yet", status, StringComparison.Ordinal);

        (await _cli.RunWithServicesAsync("", s => s.AddSingleton<IEntraFederationCertificates>(held), "cert", "promote", "--force")).Succeeded();
        var after = (await RunAsync(null, "cert", "status", "--json")).Succeeded().Json;
        Assert.Equal(next, (string?)after["current"]!["thumbprint"]);
        Assert.Equal("managed", (string?)after["current"]!["source"]);
    }

    [Fact]
    public async Task Promote_is_refused_without_a_next_certificate_and_goes_ahead_when_no_domain_is_federated_with_us()
    {
        (await RunAsync(null, "cert", "promote")).FailedWith(1, "no next certificate");
        var next = await CertNewAsync();

        // No Graph connection manages any domain here, so no domain can lack the certificate: nothing can break.
        (await RunAsync(null, "cert", "promote")).Succeeded();
        Assert.Equal(next, (string?)(await RunAsync(null, "cert", "status", "--json")).Succeeded().Json["current"]!["thumbprint"]);
    }

    [Fact]
    public async Task Status_warns_when_the_current_certificate_is_within_30_days_of_expiry()
    {
        WritePfx(Path.Combine(_cli.ConfigDirectory, "signing.pfx"), daysLeft: 20);

        var status = (await RunAsync(null, "cert", "status")).Succeeded().Stdout;

        Assert.Contains("within 30 days); run idpfed cert new", status, StringComparison.Ordinal);
    }

    /// <summary>Entra holding given thumbprints (no certificates needed): what ReadAsync answers is all promote reads.</summary>
    private sealed class ThumbprintOnlyEntra(FakeEntraFederationCertificates inner, params (string Domain, string Next)[] holds) : IEntraFederationCertificates
    {
        public async Task<IReadOnlyList<EntraDomainCertificates>> ReadAsync(CancellationToken cancellationToken) =>
            (await inner.ReadAsync(cancellationToken)).Select(d => holds.FirstOrDefault(h => h.Domain == d.Domain) is { Domain: not null } h
                ? d with { NextThumbprint = h.Next } : d).ToList();

        public Task<IReadOnlyList<CertificatePushResult>> PushAsync(X509Certificate2 signing, X509Certificate2? nextSigning, CancellationToken cancellationToken) =>
            inner.PushAsync(signing, nextSigning, cancellationToken);
    }
}
