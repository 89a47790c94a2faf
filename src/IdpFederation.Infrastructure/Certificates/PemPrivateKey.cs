using System.Security.Cryptography;

namespace IdpFederation.Infrastructure.Certificates;

/// <summary>The RSA private key of a PEM certificate, with a precise reason when it is missing, encrypted or unreadable.</summary>
internal static class PemPrivateKey
{
    private static readonly string[] PlainLabels = ["PRIVATE KEY", "RSA PRIVATE KEY"];
    private const string EncryptedLabel = "ENCRYPTED PRIVATE KEY";

    /// <param name="file">The file the key came from: the KeyPath file, or the certificate file itself.</param>
    /// <param name="keyInCertificateFile">True when KeyPath is not set and the key was looked for beside the certificate.</param>
    public static RSA Read(string pem, string file, string? password, string setting, bool keyInCertificateFile)
    {
        var where = keyInCertificateFile ? $"{setting}:Path" : $"{setting}:KeyPath";
        // OpenSSL's traditional encrypted keys carry headers that RFC 7468 PEM (all .NET reads) does not allow.
        if (pem.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal))
        {
            throw CertificateFile.Refused($"{where}: the private key in '{file}' is encrypted in OpenSSL's traditional format, " +
                $"which cannot be read; convert it to PKCS#8 (openssl pkcs8 -topk8 -in old.pem -out new.pem) and put its password in {setting}:Password.");
        }

        var labels = CertificateFile.PemLabels(pem);
        var encrypted = labels.Contains(EncryptedLabel);
        if (!encrypted && !PlainLabels.Any(labels.Contains))
        {
            throw CertificateFile.Refused(keyInCertificateFile
                ? $"{setting}:KeyPath is not set and '{file}' ({setting}:Path) holds no private key; set {setting}:KeyPath to the PEM private key file."
                : $"{setting}:KeyPath: '{file}' holds no PEM private key ('-----BEGIN PRIVATE KEY-----' or '-----BEGIN RSA PRIVATE KEY-----').");
        }

        if (encrypted && string.IsNullOrEmpty(password))
        {
            throw CertificateFile.Refused($"{where}: the private key in '{file}' is encrypted; set {setting}:Password.");
        }

        var rsa = RSA.Create();
        try
        {
            if (encrypted)
            {
                rsa.ImportFromEncryptedPem(pem, password);
            }
            else
            {
                rsa.ImportFromPem(pem);
            }

            return rsa;
        }
        catch (CryptographicException) when (encrypted)
        {
            rsa.Dispose();
            throw CertificateFile.Refused($"{setting}:Password does not decrypt the private key in '{file}' ({where}).");
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            rsa.Dispose();
            throw CertificateFile.Refused($"{where}: the private key in '{file}' cannot be read as an RSA key (Entra needs RSA).");
        }
    }
}
