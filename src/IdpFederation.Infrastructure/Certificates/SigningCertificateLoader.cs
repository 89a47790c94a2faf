using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Configuration;

namespace IdpFederation.Infrastructure.Certificates;

public static class SigningCertificateLoader
{
    public const string DevelopmentCertificateFile = "dev-signing.pfx";
    public const string CurrentSetting = "Idp:Signing:Current";
    public const string NextSetting = "Idp:Signing:Next";

    /// <param name="allowDevelopmentCertificate">
    /// Only in Development: without a configured certificate, create (once) and reuse a self-signed one in the data directory.
    /// </param>
    public static SigningCertificates Load(SigningOptions options, IdpPaths paths, bool allowDevelopmentCertificate, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(paths);
        X509Certificate2 current;
        if (options.Current is { Path.Length: > 0 } configured)
        {
            current = LoadFromSource(configured, paths, CurrentSetting);
        }
        else if (allowDevelopmentCertificate)
        {
            current = LoadOrCreateDevelopmentCertificate(paths, time);
        }
        else
        {
            throw new InvalidOperationException(
                $"{CurrentSetting}:Path is not set. Configure a PFX or PEM signing certificate (see certs/README.md); " +
                "a development certificate is generated only when the environment is Development.");
        }

        var next = options.Next is { Path.Length: > 0 } nextSource ? LoadFromSource(nextSource, paths, NextSetting) : null;
        return new SigningCertificates(current, next);
    }

    /// <param name="setting">The section that named the files ("Idp:Signing:Current"), for the messages.</param>
    /// <exception cref="InvalidOperationException">One sentence naming the setting and the file.</exception>
    public static X509Certificate2 LoadFromSource(CertificateSource source, IdpPaths paths, string setting)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(paths);
        var certificate = CertificateFile.Load(source, paths, setting);
        try
        {
            return Validate(certificate, paths.ResolveConfigPath(source.Path), setting);
        }
        catch
        {
            certificate.Dispose();
            throw;
        }
    }

    private static X509Certificate2 Validate(X509Certificate2 certificate, string path, string setting)
    {
        using var rsa = certificate.GetRSAPublicKey()
            ?? throw new InvalidOperationException($"{setting}:Path: '{path}' has no RSA key; Entra needs RSA.");
        if (rsa.KeySize < 2048)
        {
            throw new InvalidOperationException($"{setting}:Path: '{path}' has a {rsa.KeySize}-bit key; at least 2048 bits are required (AADSTS50032).");
        }

        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"{setting}:Path: '{path}' has no private key.");
        }

        return certificate;
    }

    private static X509Certificate2 LoadOrCreateDevelopmentCertificate(IdpPaths paths, TimeProvider time)
    {
        var path = Path.Combine(paths.DataDirectory, DevelopmentCertificateFile);
        if (File.Exists(path))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password: null, X509KeyStorageFlags.EphemeralKeySet | X509KeyStorageFlags.Exportable);
        }

        Directory.CreateDirectory(paths.DataDirectory);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=IdpFederation Development Signing", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        var now = time.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        var pfx = created.Export(X509ContentType.Pkcs12);
        // Write to a temp file first so a crash mid-write never leaves a half certificate that breaks the next start.
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, pfx);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
        return X509CertificateLoader.LoadPkcs12(pfx, password: null, X509KeyStorageFlags.EphemeralKeySet | X509KeyStorageFlags.Exportable);
    }
}
