using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Certificates;
using IdpFederation.Infrastructure.Configuration;

namespace IdpFederation.Tests.Cli;

[Trait("Kind", "Integration")]
public sealed class CertCommandTests
{
    private static void WritePfx(string path, string subject)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12));
    }

    private static CliTestHost HostWithCertificates(bool withNext) => new(idp =>
    {
        var signing = new JsonObject { ["Current"] = new JsonObject { ["Path"] = "signing.pfx" } };
        if (withNext)
        {
            signing["Next"] = new JsonObject { ["Path"] = "next.pfx" };
        }

        idp["Signing"] = signing;
    });

    [Fact]
    public async Task Json_output_carries_a_base64_der_matching_the_thumbprints()
    {
        using var cli = HostWithCertificates(withNext: true);
        WritePfx(Path.Combine(cli.ConfigDirectory, "signing.pfx"), "CN=Current Signing");
        WritePfx(Path.Combine(cli.ConfigDirectory, "next.pfx"), "CN=Next Signing");

        var json = (await cli.RunAsync("cert", "show", "--json")).Succeeded().Json;

        foreach (var (key, subject) in new[] { ("current", "CN=Current Signing"), ("next", "CN=Next Signing") })
        {
            var view = json[key]!;
            using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String((string)view["base64Der"]!));
            Assert.Equal(subject, (string?)view["subject"]);
            Assert.Equal(certificate.Thumbprint, (string?)view["thumbprint"]);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(certificate.RawData)), (string?)view["thumbprintSha256"]);
            Assert.Equal(certificate.NotAfter.ToUniversalTime(), ((DateTimeOffset)view["notAfter"]!).UtcDateTime, TimeSpan.FromSeconds(1));
            Assert.False(certificate.HasPrivateKey);
        }
    }

    [Fact]
    public async Task Text_output_shows_the_fields_entra_asks_for()
    {
        using var cli = HostWithCertificates(withNext: false);
        WritePfx(Path.Combine(cli.ConfigDirectory, "signing.pfx"), "CN=Text Signing");

        var text = (await cli.RunAsync("cert", "show")).Succeeded().Stdout;

        var fields = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Contains(':', StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)].Trim(), l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
        using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(fields["Base64 (DER)"]));
        Assert.Equal(certificate.Thumbprint, fields["Thumbprint (SHA-1)"]);
        Assert.Equal("CN=Text Signing", fields["Subject"]);
        Assert.DoesNotContain("Next signing certificate", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Existing_development_certificate_is_shown_when_none_is_configured()
    {
        using var cli = new CliTestHost();
        var paths = IdpPaths.Resolve(cli.ConfigDirectory, "data");
        using var created = SigningCertificateLoader.Load(new SigningOptions(), paths, allowDevelopmentCertificate: true, TimeProvider.System).Current;

        var json = (await cli.RunAsync("cert", "show", "--json")).Succeeded().Json;

        Assert.Equal(created.Thumbprint, (string?)json["current"]!["thumbprint"]);
        Assert.Null(json["next"]);
    }

    [Fact]
    public async Task Missing_certificate_is_refused_in_production()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"), "Development", StringComparison.OrdinalIgnoreCase))
        {
            return; // In Development the CLI may create a development certificate, which is the documented behaviour.
        }

        using var cli = new CliTestHost();

        (await cli.RunAsync("cert", "show")).FailedWith(1, "Idp:Signing:Current:Path is not set");
        Assert.False(File.Exists(Path.Combine(cli.DataDirectory, SigningCertificateLoader.DevelopmentCertificateFile)));
    }

    [Fact]
    public async Task Unreadable_certificate_is_one_line()
    {
        using var cli = HostWithCertificates(withNext: false);
        await File.WriteAllTextAsync(Path.Combine(cli.ConfigDirectory, "signing.pfx"), "not a pfx");

        (await cli.RunAsync("cert", "show")).FailedWith(1, $"Idp:Signing:Current:Path: '{Path.Combine(cli.ConfigDirectory, "signing.pfx")}' is not a certificate");
    }
}
