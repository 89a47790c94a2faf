using System.Security.Authentication;
using IdpFederation.Core.Configuration;
using StackExchange.Redis;

namespace IdpFederation.Infrastructure.State.Redis;

/// <summary>
/// Says why Redis failed in words an operator can act on, for the 503 log line, /health details and start-up errors.
/// Built from the failure type and what this process knows (the certificate check's reason, the configured user); the
/// client's own texts are not passed on, since they list connection internals, and nothing here can hold a password.
/// </summary>
public sealed partial class RedisConnection
{
    /// <summary>"Redis" or "Redis Sentinel service 'name'", the subject of every failure message.</summary>
    private string Target => _options.RedisSentinelServiceName is { Length: > 0 } service ? $"Redis Sentinel service '{service}'" : "Redis";

    private string Describe(Exception? exception)
    {
        if (exception is TimeoutException)
        {
            return $"no answer within {_timeout.TotalMilliseconds:0} ms (Idp:State:OperationTimeout)";
        }

        if (exception is null || FailureOf(exception) is not { } failure)
        {
            return exception?.GetType().Name ?? "";
        }

        if (failure == ConnectionFailureType.AuthenticationFailure)
        {
            if (_certificateCheck?.LastRefusal is { } refusal)
            {
                return "TLS refused: " + refusal;
            }

            if (Innermost(exception) is AuthenticationException tls)
            {
                return "TLS handshake failed: " + tls.Message;
            }

            var user = string.IsNullOrEmpty(_options.RedisUser) ? "the default user" : $"user '{_options.RedisUser}'";
            return $"Redis did not accept {user} with the configured password (wrong user name or password, or the user is disabled); " +
                $"check Idp:State:RedisUser and the password in Idp:State:RedisPasswordFile or {StateOptions.RedisPasswordVariable}";
        }

        return failure == ConnectionFailureType.SocketFailure && !_options.RedisTls
            ? "SocketFailure (if the server only speaks TLS, set Idp:State:RedisTls)"
            : failure.ToString();
    }

    /// <summary>
    /// The most specific failure in the chain: "no connection available" wraps the reason the last attempt failed.
    /// </summary>
    internal static ConnectionFailureType? FailureOf(Exception exception)
    {
        ConnectionFailureType? failure = null;
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is RedisConnectionException connection)
            {
                failure = connection.FailureType;
            }
        }

        return failure;
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }
}
