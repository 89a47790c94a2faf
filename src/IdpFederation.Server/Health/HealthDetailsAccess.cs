using System.Security.Cryptography;
using System.Text;
using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Configuration;
using Microsoft.Net.Http.Headers;

namespace IdpFederation.Server.Health;

/// <summary>
/// Decides, per request, whether the caller sees health details (Idp:Health). Built once at start-up: the key file is
/// read then, and only its SHA-256 is kept, so the key is never held as text nor compared in variable time.
/// </summary>
public sealed class HealthDetailsAccess
{
    private const string BearerPrefix = "Bearer ";

    private readonly byte[]? _keyHash;

    public HealthDetailsAccess(int? managementPort, string? detailsKey)
    {
        ManagementPort = managementPort;
        _keyHash = detailsKey is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(detailsKey));
    }

    /// <summary>The port of Idp:Health:ManagementUrl, or null when there is no management listener.</summary>
    public int? ManagementPort { get; }

    public bool HasDetailsKey => _keyHash is not null;

    /// <summary>Reads Idp:Health; a key file that is missing, unreadable or too short stops start-up, naming the file but never its content.</summary>
    /// <exception cref="InvalidDataException">The key file cannot be used.</exception>
    public static HealthDetailsAccess Load(HealthOptions options, IdpPaths paths)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(paths);
        int? port = HealthOptions.TryParseManagementPort(options.ManagementUrl, out var parsed) ? parsed : null;
        return new HealthDetailsAccess(port, string.IsNullOrWhiteSpace(options.DetailsKeyFile) ? null : ReadKey(paths.ResolveConfigPath(options.DetailsKeyFile)));
    }

    /// <summary>True for a request that arrived on the management listener (the socket's port, not the Host header).</summary>
    public bool IsManagementRequest(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ManagementPort is { } port && context.Connection.LocalPort == port;
    }

    public HealthView ViewFor(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IsManagementRequest(context))
        {
            return HealthView.Details;
        }

        string? authorization = context.Request.Headers[HeaderNames.Authorization];
        if (_keyHash is null || authorization is null || !authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            // No key configured, or no bearer credential: another header may be meant for a proxy; the status is public.
            return HealthView.StatusOnly;
        }

        // Hashing first makes the comparison constant-time in the key's length too.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[BearerPrefix.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _keyHash) ? HealthView.Details : HealthView.Refused;
    }

    private static string ReadKey(string path)
    {
        const string Setting = "Idp:Health:DetailsKeyFile";
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{Setting}: '{path}' does not exist.");
        }

        string key;
        try
        {
            key = File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{Setting}: '{path}' cannot be read: {ex.Message}", ex);
        }

        if (key.Length < HealthOptions.MinimumKeyLength || key.Any(char.IsWhiteSpace))
        {
            throw new InvalidDataException($"{Setting}: '{path}' must hold one key of at least {HealthOptions.MinimumKeyLength} characters " +
                "without spaces (e.g. from openssl rand -base64 32).");
        }

        return key;
    }
}
