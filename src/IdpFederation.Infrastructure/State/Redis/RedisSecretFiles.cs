using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Configuration;
using StackExchange.Redis;

namespace IdpFederation.Infrastructure.State.Redis;

/// <summary>
/// Reads the Redis password, CA and client certificate named by Idp:State at start-up. Each failure is one line that
/// names the setting and the file, and never the file's content.
/// </summary>
internal static class RedisSecretFiles
{
    /// <summary>The password from Idp:State:RedisPasswordFile or IDPFED_REDIS_PASSWORD, or null for none.</summary>
    /// <exception cref="InvalidDataException">The file cannot be used, or both sources are set.</exception>
    public static string? ReadPassword(StateOptions state, IdpPaths? paths, Func<string, string?> environment)
    {
        var fromEnvironment = environment(StateOptions.RedisPasswordVariable);
        if (string.IsNullOrWhiteSpace(state.RedisPasswordFile))
        {
            return string.IsNullOrEmpty(fromEnvironment) ? null : fromEnvironment;
        }

        const string Setting = "Idp:State:RedisPasswordFile";
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            throw new InvalidDataException($"{Setting} and the {StateOptions.RedisPasswordVariable} environment variable are both set; keep one, so it is clear which password is used.");
        }

        var path = Resolve(state.RedisPasswordFile, paths);
        var text = ReadText(Setting, path);
        // Editors and `echo` add a final newline; Redis passwords cannot end in one anyway.
        var password = text.TrimEnd('\r', '\n');
        if (password.Length == 0)
        {
            throw new InvalidDataException($"{Setting}: '{path}' is empty; it must hold the Redis password.");
        }

        return password;
    }

    /// <summary>The certificates of Idp:State:RedisCaFile (a PEM bundle may hold several).</summary>
    /// <exception cref="InvalidDataException">The file is missing, unreadable or holds no PEM certificate.</exception>
    public static X509Certificate2Collection ReadCertificateAuthority(string caFile, IdpPaths? paths)
    {
        const string Setting = "Idp:State:RedisCaFile";
        var path = Resolve(caFile, paths);
        _ = ReadText(Setting, path);
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(path);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidDataException($"{Setting}: '{path}' is not a PEM certificate file: {ex.Message}", ex);
        }

        if (authorities.Count == 0)
        {
            throw new InvalidDataException($"{Setting}: '{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        }

        return authorities;
    }

    /// <summary>Hands the PEM pair to the client (which also turns TLS on), after checking that both files are there.</summary>
    public static void UseClientCertificate(ConfigurationOptions options, StateOptions state, IdpPaths? paths)
    {
        var certificate = Resolve(state.RedisClientCertificateFile!, paths);
        var key = Resolve(state.RedisClientKeyFile!, paths);
        _ = ReadText("Idp:State:RedisClientCertificateFile", certificate);
        _ = ReadText("Idp:State:RedisClientKeyFile", key);
        try
        {
            options.SetUserPemCertificate(certificate, key);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidDataException($"Idp:State:RedisClientCertificateFile: '{certificate}' with the key in '{key}' is not a PEM certificate " +
                $"and its matching unencrypted private key: {ex.Message}", ex);
        }
    }

    private static string Resolve(string path, IdpPaths? paths) => paths?.ResolveConfigPath(path) ?? Path.GetFullPath(path);

    private static string ReadText(string setting, string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{setting}: '{path}' does not exist.");
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{setting}: '{path}' cannot be read: {ex.Message}", ex);
        }
    }
}
