using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IdpFederation.Infrastructure.Provisioning.AppRegistration;

/// <summary>
/// Reads the public part of the certificate the app will sign its client assertions with, for upload to the app
/// registration: PEM (with or without its key), DER, or PFX. The private key is never kept.
/// </summary>
public static class AppCertificateReader
{
    /// <param name="setting">Names the option or setting in error messages ("--certificate", "Idp:...:CertificatePath").</param>
    /// <param name="passwordFile">A file holding the PFX password, when there is one.</param>
    public static X509Certificate2 ReadPublic(string path, string setting, string? passwordFile = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{setting}: cannot read '{path}': {ex.Message}", ex);
        }

        try
        {
            var text = System.Text.Encoding.ASCII.GetString(bytes);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                // The first certificate in the file is the leaf; a key or chain after it is ignored.
                using var pem = X509Certificate2.CreateFromPem(text);
                return X509CertificateLoader.LoadCertificate(pem.RawData);
            }

            if (X509Certificate2.GetCertContentType(bytes) == X509ContentType.Pkcs12)
            {
                var password = passwordFile is null ? null : File.ReadAllText(passwordFile).TrimEnd('\r', '\n');
                using var pfx = X509CertificateLoader.LoadPkcs12(bytes, password, X509KeyStorageFlags.EphemeralKeySet);
                return X509CertificateLoader.LoadCertificate(pfx.RawData);
            }

            return X509CertificateLoader.LoadCertificate(bytes);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidDataException($"{setting}: '{path}' is not a PEM, DER or PFX certificate (or the PFX password is wrong): {ex.Message}", ex);
        }
    }
}
