using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Configuration;

namespace IdpFederation.Infrastructure.Provisioning.Graph;

/// <summary>
/// The app-only (client credentials) credential of one tenant: a client secret from a file or an environment
/// variable, or a certificate (PFX or PEM with its key), the way the app registration holds it. Each failure is one
/// line naming the setting and never the secret.
/// </summary>
internal static class GraphCredentials
{
    /// <param name="transport">Test seam: the HTTP handler for token requests; null uses the platform's (and its trust store).</param>
    public static TokenCredential Create(ProvisioningTenantOptions tenant, IdpPaths? paths, Func<string, string?> environment,
        HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var setting = $"Idp:Provisioning:Tenants[{tenant.Name}]";
        if (!string.IsNullOrWhiteSpace(tenant.CertificatePath))
        {
            var options = Configure(new ClientCertificateCredentialOptions(), tenant, transport);
            return new ClientCertificateCredential(tenant.TenantId, tenant.ClientId, ReadCertificate(tenant, paths, setting), options);
        }

        var secret = ReadSecret(tenant, paths, environment, setting);
        return new ClientSecretCredential(tenant.TenantId, tenant.ClientId, secret, Configure(new ClientSecretCredentialOptions(), tenant, transport));
    }

    private static T Configure<T>(T options, ProvisioningTenantOptions tenant, HttpMessageHandler? transport)
        where T : TokenCredentialOptions
    {
        options.AuthorityHost = new Uri(tenant.AuthorityHost);
        if (transport is not null)
        {
            options.Transport = new HttpClientTransport(transport);
        }

        switch (options)
        {
            case ClientSecretCredentialOptions secret:
                secret.DisableInstanceDiscovery = tenant.DisableInstanceDiscovery;
                break;
            case ClientCertificateCredentialOptions certificate:
                certificate.DisableInstanceDiscovery = tenant.DisableInstanceDiscovery;
                break;
        }

        return options;
    }

    private static string ReadSecret(ProvisioningTenantOptions tenant, IdpPaths? paths, Func<string, string?> environment, string setting)
    {
        if (!string.IsNullOrWhiteSpace(tenant.ClientSecretFile))
        {
            var path = Resolve(tenant.ClientSecretFile, paths);
            var secret = ReadText($"{setting}:ClientSecretFile", path).Trim();
            return secret.Length > 0 ? secret : throw new InvalidDataException($"{setting}:ClientSecretFile: '{path}' is empty; it must hold the client secret.");
        }

        if (!string.IsNullOrWhiteSpace(tenant.ClientSecretVariable))
        {
            var secret = environment(tenant.ClientSecretVariable);
            return string.IsNullOrWhiteSpace(secret)
                ? throw new InvalidDataException($"{setting}:ClientSecretVariable: the environment variable {tenant.ClientSecretVariable} is not set.")
                : secret.Trim();
        }

        throw new InvalidDataException($"{setting}: no credential; set ClientSecretFile, ClientSecretVariable or CertificatePath.");
    }

    internal static X509Certificate2 ReadCertificate(ProvisioningTenantOptions tenant, IdpPaths? paths, string setting)
    {
        var path = Resolve(tenant.CertificatePath!, paths);
        _ = ReadText($"{setting}:CertificatePath", path);
        try
        {
            X509Certificate2 certificate;
            if (File.ReadAllText(path).Contains("-----BEGIN", StringComparison.Ordinal))
            {
                certificate = X509Certificate2.CreateFromPemFile(path);
            }
            else
            {
                var password = string.IsNullOrWhiteSpace(tenant.CertificatePasswordFile)
                    ? null
                    : ReadText($"{setting}:CertificatePasswordFile", Resolve(tenant.CertificatePasswordFile, paths)).TrimEnd('\r', '\n');
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
            }

            return certificate.HasPrivateKey
                ? certificate
                : throw new InvalidDataException($"{setting}:CertificatePath: '{path}' holds no private key; the app signs its client assertion with it.");
        }
        catch (CryptographicException ex)
        {
            throw new InvalidDataException($"{setting}:CertificatePath: '{path}' is not a PFX or PEM certificate with its key (or the password is wrong): {ex.Message}", ex);
        }
    }

    private static string Resolve(string path, IdpPaths? paths) => paths?.ResolveConfigPath(path) ?? Path.GetFullPath(path);

    private static string ReadText(string setting, string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{setting}: cannot read '{path}': {ex.Message}", ex);
        }
    }
}
