using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Certificates;
using IdpFederation.Infrastructure.Configuration;

namespace IdpFederation.Tests.Server.Startup;

/// <summary>
/// Every way a configured certificate can be unusable gives one sentence naming the setting and the file. The
/// real server shows the same sentences at start-up (<see cref="StartupErrorTests"/>); here each case is checked fast,
/// on real files in a temporary directory.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class SigningCertificateFileTests : IDisposable
{
    private const string Setting = "Idp:Signing:Current";
    private readonly string _root = System.IO.Directory.CreateTempSubdirectory("idpfed-cert-").FullName;

    private IdpPaths Paths => new(_root, Path.Combine(_root, "data"));

    private string File(string name) => Path.Combine(_root, name);

    private string Refusal(CertificateSource source) =>
        Assert.Throws<InvalidOperationException>(() => SigningCertificateLoader.LoadFromSource(source, Paths, Setting)).Message;

    [Fact]
    public void A_pfx_with_the_wrong_password()
    {
        CertificateFiles.WritePfx(File("signing.pfx"), "right");

        Assert.Equal($"{Setting}:Password is not the password of '{File("signing.pfx")}' ({Setting}:Path).",
            Refusal(new CertificateSource { Path = "signing.pfx", Password = "wrong" }));
    }

    [Fact]
    public void A_pfx_that_needs_a_password_none_was_given_for()
    {
        CertificateFiles.WritePfx(File("signing.pfx"), "right");

        Assert.Equal($"{Setting}:Path: '{File("signing.pfx")}' is protected by a password; set {Setting}:Password.",
            Refusal(new CertificateSource { Path = "signing.pfx" }));
    }

    [Theory]
    [InlineData("signing.pfx")]
    [InlineData("signing.p12")]
    public void A_text_file_named_as_a_pfx(string name)
    {
        System.IO.File.WriteAllText(File(name), "not a certificate\n");

        Assert.Equal($"{Setting}:Path: '{File(name)}' is not a certificate: it cannot be read as a PFX (PKCS#12) file.",
            Refusal(new CertificateSource { Path = name }));
    }

    [Fact]
    public void A_text_file_named_as_a_pem()
    {
        System.IO.File.WriteAllText(File("signing.pem"), "not a certificate\n");

        Assert.StartsWith($"{Setting}:Path: '{File("signing.pem")}' is not a certificate: it holds no PEM '-----BEGIN CERTIFICATE-----' block",
            Refusal(new CertificateSource { Path = "signing.pem" }));
    }

    [Fact]
    public void A_pem_certificate_without_its_key()
    {
        CertificateFiles.WritePem(File("signing.pem"), File("signing-key.pem"));

        Assert.Equal($"{Setting}:KeyPath is not set and '{File("signing.pem")}' ({Setting}:Path) holds no private key; set {Setting}:KeyPath to the PEM private key file.",
            Refusal(new CertificateSource { Path = "signing.pem" }));
    }

    [Fact]
    public void A_pem_certificate_with_a_key_path_that_does_not_exist()
    {
        CertificateFiles.WritePem(File("signing.pem"), File("signing-key.pem"));

        Assert.Equal($"{Setting}:KeyPath: the file '{File("missing-key.pem")}' does not exist.",
            Refusal(new CertificateSource { Path = "signing.pem", KeyPath = "missing-key.pem" }));
    }

    [Fact]
    public void A_pem_certificate_with_another_certificates_key()
    {
        CertificateFiles.WritePem(File("signing.pem"), File("signing-key.pem"));
        CertificateFiles.WritePem(File("other.pem"), File("other-key.pem"));

        Assert.Equal($"{Setting}:KeyPath: '{File("other-key.pem")}' is not the private key of the certificate in '{File("signing.pem")}' ({Setting}:Path).",
            Refusal(new CertificateSource { Path = "signing.pem", KeyPath = "other-key.pem" }));
    }

    [Fact]
    public void A_key_path_that_holds_no_key()
    {
        CertificateFiles.WritePem(File("signing.pem"), File("signing-key.pem"));

        Assert.StartsWith($"{Setting}:KeyPath: '{File("signing.pem")}' holds no PEM private key",
            Refusal(new CertificateSource { Path = "signing.pem", KeyPath = "signing.pem" }));
    }

    [Fact]
    public void An_encrypted_key_without_a_password_and_with_the_wrong_one()
    {
        CertificateFiles.WritePem(File("signing.pem"), File("signing-key.pem"), keyPassword: "right");

        Assert.Equal($"{Setting}:KeyPath: the private key in '{File("signing-key.pem")}' is encrypted; set {Setting}:Password.",
            Refusal(new CertificateSource { Path = "signing.pem", KeyPath = "signing-key.pem" }));
        Assert.Equal($"{Setting}:Password does not decrypt the private key in '{File("signing-key.pem")}' ({Setting}:KeyPath).",
            Refusal(new CertificateSource { Path = "signing.pem", KeyPath = "signing-key.pem", Password = "wrong" }));
    }

    [Fact]
    public void A_key_in_openssls_traditional_encrypted_format()
    {
        CertificateFiles.WritePem(File("signing.pem"), File("signing-key.pem"));
        System.IO.File.WriteAllText(File("legacy-key.pem"),
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,9308D9429D279816A3846EA132370976\n\nAAAA\n-----END RSA PRIVATE KEY-----\n");

        Assert.StartsWith($"{Setting}:KeyPath: the private key in '{File("legacy-key.pem")}' is encrypted in OpenSSL's traditional format",
            Refusal(new CertificateSource { Path = "signing.pem", KeyPath = "legacy-key.pem", Password = "right" }));
    }

    [Fact]
    public void Good_files_load_with_their_private_key()
    {
        CertificateFiles.WritePfx(File("signing.pfx"), "right");
        CertificateFiles.WritePem(File("plain.pem"), File("plain-key.pem"));
        CertificateFiles.WritePem(File("encrypted.pem"), File("encrypted-key.pem"), keyPassword: "right");
        var bundle = File("bundle.pem");
        System.IO.File.WriteAllText(bundle, System.IO.File.ReadAllText(File("plain.pem")) + "\n" + System.IO.File.ReadAllText(File("plain-key.pem")));

        foreach (var source in new[]
        {
            new CertificateSource { Path = "signing.pfx", Password = "right" },
            new CertificateSource { Path = "plain.pem", KeyPath = "plain-key.pem" },
            new CertificateSource { Path = "encrypted.pem", KeyPath = "encrypted-key.pem", Password = "right" },
            new CertificateSource { Path = "bundle.pem" },
        })
        {
            using var certificate = SigningCertificateLoader.LoadFromSource(source, Paths, Setting);
            using var key = certificate.GetRSAPrivateKey();
            Assert.True(key is not null, source.Path);
            byte[] data = [1, 2, 3];
            var signature = key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var publicKey = certificate.GetRSAPublicKey()!;
            Assert.True(publicKey.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), source.Path);
        }
    }

    public void Dispose() => System.IO.Directory.Delete(_root, recursive: true);
}
