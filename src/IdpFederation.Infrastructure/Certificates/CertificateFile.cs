using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Configuration;

namespace IdpFederation.Infrastructure.Certificates;

/// <summary>
/// Reads a certificate with its private key from the files a setting names: a PFX (.pfx, .p12), or a PEM certificate
/// with a PEM key. Every way that can fail becomes one sentence naming the setting and the file, because the person
/// reading it at start-up has only the configuration to change; the runtime's own messages name neither.
/// </summary>
internal static class CertificateFile
{
    /// <summary>ERROR_INVALID_PASSWORD: how X509CertificateLoader reports a wrong PFX password, on every OS.</summary>
    private const int WrongPassword = unchecked((int)0x80070056);

    /// <param name="setting">The configuration section, e.g. "Idp:Signing:Current".</param>
    public static X509Certificate2 Load(CertificateSource source, IdpPaths paths, string setting)
    {
        var path = paths.ResolveConfigPath(source.Path);
        if (!File.Exists(path))
        {
            throw Refused($"{setting}:Path: the file '{path}' does not exist.");
        }

        return Path.GetExtension(path).ToUpperInvariant() is ".PFX" or ".P12"
            ? LoadPfx(path, source.Password, setting)
            : LoadPem(path, source, paths, setting);
    }

    private static X509Certificate2 LoadPfx(string path, string? password, string setting)
    {
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException ex) when (ex.HResult == WrongPassword)
        {
            throw Refused(string.IsNullOrEmpty(password)
                ? $"{setting}:Path: '{path}' is protected by a password; set {setting}:Password."
                : $"{setting}:Password is not the password of '{path}' ({setting}:Path).");
        }
        catch (CryptographicException)
        {
            throw Refused($"{setting}:Path: '{path}' is not a certificate: it cannot be read as a PFX (PKCS#12) file.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Refused($"{setting}:Path: '{path}' cannot be read: {ex.Message}");
        }
    }

    private static X509Certificate2 LoadPem(string path, CertificateSource source, IdpPaths paths, string setting)
    {
        var certificatePem = Read(path, $"{setting}:Path");
        if (!PemLabels(certificatePem).Contains("CERTIFICATE"))
        {
            throw Refused($"{setting}:Path: '{path}' is not a certificate: it holds no PEM '-----BEGIN CERTIFICATE-----' block " +
                "(a PFX file must end in .pfx or .p12).");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certificatePem);
        }
        catch (CryptographicException)
        {
            throw Refused($"{setting}:Path: '{path}' holds a damaged PEM certificate.");
        }

        using (certificate)
        {
            var keyPath = string.IsNullOrEmpty(source.KeyPath) ? null : paths.ResolveConfigPath(source.KeyPath);
            if (keyPath is not null && !File.Exists(keyPath))
            {
                throw Refused($"{setting}:KeyPath: the file '{keyPath}' does not exist.");
            }

            var keyPem = keyPath is null ? certificatePem : Read(keyPath, $"{setting}:KeyPath");
            using var key = PemPrivateKey.Read(keyPem, keyPath ?? path, source.Password, setting, keyInCertificateFile: keyPath is null);
            try
            {
                return certificate.CopyWithPrivateKey(key);
            }
            catch (ArgumentException)
            {
                throw Refused($"{setting}:KeyPath: '{keyPath ?? path}' is not the private key of the certificate in '{path}' ({setting}:Path).");
            }
        }
    }

    internal static HashSet<string> PemLabels(string pem)
    {
        var labels = new HashSet<string>(StringComparer.Ordinal);
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            labels.Add(rest[fields.Label].ToString());
            rest = rest[fields.Location.End..];
        }

        return labels;
    }

    private static string Read(string path, string setting)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Refused($"{setting}: '{path}' cannot be read: {ex.Message}");
        }
    }

    internal static InvalidOperationException Refused(string message) => new(message);
}
