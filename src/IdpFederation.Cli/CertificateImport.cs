using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IdpFederation.Cli;

/// <summary>Reads a certificate to import with idpfed cert new: a PFX with an optional password file, or PEM files.</summary>
internal static class CertificateImport
{
    public static X509Certificate2 FromPfx(string path, string? passwordFile)
    {
        var password = passwordFile is null ? null : ReadPassword(passwordFile);
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(Existing(path, "--import"), password,
                X509KeyStorageFlags.EphemeralKeySet | X509KeyStorageFlags.Exportable);
        }
        catch (CryptographicException)
        {
            throw new CliRefusedException($"--import: '{path}' cannot be read as a PFX with {(password is null ? "no password (pass --password-file)" : "the password in --password-file")}.");
        }
    }

    public static X509Certificate2 FromPem(string certificatePath, string keyPath, string? passwordFile)
    {
        var password = passwordFile is null ? null : ReadPassword(passwordFile);
        try
        {
            using var loaded = password is null
                ? X509Certificate2.CreateFromPemFile(Existing(certificatePath, "--pem"), Existing(keyPath, "--key"))
                : X509Certificate2.CreateFromEncryptedPemFile(Existing(certificatePath, "--pem"), password, Existing(keyPath, "--key"));
            // Through PKCS#12 once, so the key is exportable and ephemeral like every other signing key here.
            return X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null,
                X509KeyStorageFlags.EphemeralKeySet | X509KeyStorageFlags.Exportable);
        }
        catch (CryptographicException)
        {
            throw new CliRefusedException($"--pem/--key: '{certificatePath}' with '{keyPath}' is not a PEM certificate with its private key" +
                (password is null ? " (an encrypted key needs --password-file)." : "."));
        }
    }

    private static string Existing(string path, string option) =>
        File.Exists(path) ? path : throw new CliRefusedException($"{option}: the file '{path}' does not exist.");

    /// <summary>A file rather than an argument, so the password is in no shell history or process list.</summary>
    private static string ReadPassword(string path) => File.ReadAllText(Existing(path, "--password-file")).TrimEnd('\r', '\n');
}
