namespace IdpFederation.Core.Configuration;

/// <summary>Idp:State: the shared state store and how to reach Redis (README "Shared state and Redis").</summary>
public sealed partial class IdpOptionsValidator
{
    /// <summary>Connection-string options that have a setting of their own, so each value has exactly one home.</summary>
    private static readonly Dictionary<string, string> OwnedRedisOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["user"] = "Idp:State:RedisUser",
        ["ssl"] = "Idp:State:RedisTls",
        ["serviceName"] = "Idp:State:RedisSentinelServiceName",
        ["connectTimeout"] = "Idp:State:RedisConnectTimeout",
        ["syncTimeout"] = "Idp:State:OperationTimeout",
        ["asyncTimeout"] = "Idp:State:OperationTimeout",
    };

    private static void ValidateState(StateOptions state, List<string> errors)
    {
        if (state.OperationTimeout < StateOptions.ShortestOperationTimeout || state.OperationTimeout > StateOptions.LongestOperationTimeout)
        {
            errors.Add($"Idp:State:OperationTimeout {state.OperationTimeout} must be between 50 ms and 30 seconds.");
        }

        if (string.IsNullOrWhiteSpace(state.KeyPrefix) || state.KeyPrefix.Any(char.IsWhiteSpace))
        {
            errors.Add($"Idp:State:KeyPrefix '{state.KeyPrefix}' must be non-empty and contain no whitespace.");
        }

        if (state.RedisConnectTimeout < StateOptions.ShortestRedisConnectTimeout || state.RedisConnectTimeout > StateOptions.LongestRedisConnectTimeout)
        {
            errors.Add($"Idp:State:RedisConnectTimeout {state.RedisConnectTimeout} must be between 0.5 and 60 seconds.");
        }

        if (string.IsNullOrWhiteSpace(state.Redis))
        {
            var stray = RedisOnlySettings(state).FirstOrDefault(s => s.IsSet);
            if (stray.Name is not null)
            {
                errors.Add($"Idp:State:{stray.Name} is set but Idp:State:Redis is not; set the Redis endpoints, or remove it (without Redis, state stays in this process).");
            }

            return;
        }

        ValidateRedisConnectionString(state.Redis, errors);
        ValidateRedisNames(state, errors);
        ValidateRedisFiles(state, errors);
    }

    private static void ValidateRedisConnectionString(string connectionString, List<string> errors)
    {
        var endpoints = 0;
        foreach (var token in connectionString.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                // "$COMMAND=" renames a command and always has '='; anything else without one is an endpoint.
                endpoints++;
                continue;
            }

            // The value is never quoted back: the string may hold a secret, and these messages reach logs.
            var key = token[..equals].Trim();
            if (key.Equals("password", StringComparison.OrdinalIgnoreCase) || key.Equals("sentinelPassword", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"Idp:State:Redis must not contain {key}=: configuration files end up in backups and source control. Put the password " +
                    $"in a file named by Idp:State:RedisPasswordFile, or in the {StateOptions.RedisPasswordVariable} environment variable.");
            }
            else if (OwnedRedisOptions.TryGetValue(key, out var setting))
            {
                errors.Add($"Idp:State:Redis must not contain {key}=; use {setting} instead.");
            }
        }

        if (endpoints == 0)
        {
            errors.Add("Idp:State:Redis names no endpoint; list host:port pairs, e.g. redis1:6379,redis2:6379.");
        }
    }

    private static void ValidateRedisNames(StateOptions state, List<string> errors)
    {
        // A comma would start a new connection-string option, whitespace is never part of an ACL user or master name.
        if (state.RedisUser is { } user && (user.Length == 0 || user.Any(c => char.IsWhiteSpace(c) || c == ',')))
        {
            errors.Add("Idp:State:RedisUser must be an ACL user name without spaces or commas, or left out for the default user.");
        }

        if (state.RedisSentinelServiceName is { } service && (service.Length == 0 || service.Any(c => char.IsWhiteSpace(c) || c == ',')))
        {
            errors.Add("Idp:State:RedisSentinelServiceName must be the Sentinel master name (as in 'sentinel monitor <name> …'), without spaces or commas, or left out.");
        }
    }

    private static void ValidateRedisFiles(StateOptions state, List<string> errors)
    {
        foreach (var (name, value) in new[]
        {
            ("RedisPasswordFile", state.RedisPasswordFile), ("RedisCaFile", state.RedisCaFile),
            ("RedisClientCertificateFile", state.RedisClientCertificateFile), ("RedisClientKeyFile", state.RedisClientKeyFile),
        })
        {
            if (value is { } path && path.Trim().Length == 0)
            {
                errors.Add($"Idp:State:{name} must be a file path or left out, not blank.");
            }
        }

        if (!state.RedisTls && (IsSet(state.RedisCaFile) || IsSet(state.RedisClientCertificateFile)))
        {
            var setting = IsSet(state.RedisCaFile) ? "RedisCaFile" : "RedisClientCertificateFile";
            errors.Add($"Idp:State:{setting} is set but Idp:State:RedisTls is false: the certificate is only used for TLS. " +
                "Set RedisTls to true, or remove it.");
        }

        if (IsSet(state.RedisClientCertificateFile) != IsSet(state.RedisClientKeyFile))
        {
            errors.Add("Idp:State:RedisClientCertificateFile and Idp:State:RedisClientKeyFile go together: set both (PEM certificate and its key) or neither.");
        }
    }

    private static (string Name, bool IsSet)[] RedisOnlySettings(StateOptions state) =>
    [
        ("RedisUser", state.RedisUser is not null),
        ("RedisPasswordFile", state.RedisPasswordFile is not null),
        ("RedisTls", state.RedisTls),
        ("RedisCaFile", state.RedisCaFile is not null),
        ("RedisClientCertificateFile", state.RedisClientCertificateFile is not null),
        ("RedisClientKeyFile", state.RedisClientKeyFile is not null),
        ("RedisSentinelServiceName", state.RedisSentinelServiceName is not null),
    ];

    private static bool IsSet(string? value) => !string.IsNullOrWhiteSpace(value);
}
