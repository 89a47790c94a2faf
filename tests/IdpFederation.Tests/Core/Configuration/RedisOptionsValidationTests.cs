using IdpFederation.Core.Configuration;
using static IdpFederation.Tests.CoreLayer.OptionsValidation;

namespace IdpFederation.Tests.CoreLayer;

/// <summary>Idp:State's Redis settings: each mistake is named precisely at start-up, and a password is never quoted back.</summary>
[Trait("Kind", "Unit")]
public sealed class RedisOptionsValidationTests
{
    private const string Secret = "Tr0ub4dor&3-not-for-logs";

    private static Action<IdpOptions> Redis(Action<StateOptions> change) => o =>
    {
        o.State.Redis = "redis1:6379,redis2:6379";
        change(o.State);
    };

    [Fact]
    public void A_complete_production_setting_is_valid() =>
        Assert.Empty(Failures(Redis(s =>
        {
            s.Redis = "sentinel1:26379,sentinel2:26379,sslHost=redis.contoso.com";
            s.RedisUser = "idp";
            s.RedisPasswordFile = "secrets/redis.password";
            s.RedisTls = true;
            s.RedisCaFile = "redis-ca.crt";
            s.RedisClientCertificateFile = "idp.crt";
            s.RedisClientKeyFile = "idp.key";
            s.RedisSentinelServiceName = "mymaster";
            s.RedisConnectTimeout = TimeSpan.FromSeconds(10);
        })));

    [Theory]
    [InlineData("password")]
    [InlineData("PASSWORD")]
    [InlineData("sentinelPassword")]
    public void A_password_in_the_connection_string_is_refused_with_where_to_put_it_and_is_not_quoted(string key)
    {
        var failures = Failures(Redis(s => s.Redis = $"redis1:6379,{key}={Secret},ssl=false"));

        Assert.Contains($"Idp:State:Redis must not contain {key}=: configuration files end up in backups and source control. Put the password " +
            "in a file named by Idp:State:RedisPasswordFile, or in the IDPFED_REDIS_PASSWORD environment variable.", failures);
        Assert.DoesNotContain(failures, f => f.Contains(Secret, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("user=idp", "user", "Idp:State:RedisUser")]
    [InlineData("ssl=true", "ssl", "Idp:State:RedisTls")]
    [InlineData("serviceName=mymaster", "serviceName", "Idp:State:RedisSentinelServiceName")]
    [InlineData("connectTimeout=100", "connectTimeout", "Idp:State:RedisConnectTimeout")]
    [InlineData("syncTimeout=100", "syncTimeout", "Idp:State:OperationTimeout")]
    [InlineData("asyncTimeout=100", "asyncTimeout", "Idp:State:OperationTimeout")]
    public void Connection_string_options_that_have_a_setting_of_their_own_name_it(string option, string key, string setting) =>
        AssertOnlyFailure($"Idp:State:Redis must not contain {key}=; use {setting} instead.", Redis(s => s.Redis = "redis1:6379," + option));

    [Fact]
    public void Other_client_options_pass_through() =>
        Assert.Empty(Failures(Redis(s => s.Redis = "redis1:6379,sslHost=redis.contoso.com,keepAlive=10,$INFO=")));

    [Fact]
    public void A_connection_string_without_an_endpoint_is_refused() =>
        AssertOnlyFailure("Idp:State:Redis names no endpoint; list host:port pairs, e.g. redis1:6379,redis2:6379.", Redis(s => s.Redis = "sslHost=x"));

    [Fact]
    public void A_CA_file_without_TLS_is_refused() =>
        AssertOnlyFailure("Idp:State:RedisCaFile is set but Idp:State:RedisTls is false: the certificate is only used for TLS. Set RedisTls to true, or remove it.",
            Redis(s => s.RedisCaFile = "ca.crt"));

    [Fact]
    public void A_client_certificate_without_TLS_is_refused() =>
        Assert.Contains("Idp:State:RedisClientCertificateFile is set but Idp:State:RedisTls is false: the certificate is only used for TLS. Set RedisTls to true, or remove it.",
            Failures(Redis(s => { s.RedisClientCertificateFile = "idp.crt"; s.RedisClientKeyFile = "idp.key"; })));

    [Fact]
    public void A_client_certificate_needs_its_key() =>
        AssertOnlyFailure("Idp:State:RedisClientCertificateFile and Idp:State:RedisClientKeyFile go together: set both (PEM certificate and its key) or neither.",
            Redis(s => { s.RedisTls = true; s.RedisClientCertificateFile = "idp.crt"; }));

    [Theory]
    [InlineData("RedisPasswordFile")]
    [InlineData("RedisCaFile")]
    public void A_blank_file_setting_is_refused(string setting) =>
        Assert.Contains($"Idp:State:{setting} must be a file path or left out, not blank.", Failures(Redis(s =>
        {
            s.RedisTls = true;
            if (setting == "RedisPasswordFile") s.RedisPasswordFile = "  ";
            else s.RedisCaFile = "  ";
        })));

    [Theory]
    [InlineData("")]
    [InlineData("idp user")]
    [InlineData("idp,password=x")]
    public void A_user_name_that_would_break_the_connection_is_refused(string user) =>
        AssertOnlyFailure("Idp:State:RedisUser must be an ACL user name without spaces or commas, or left out for the default user.", Redis(s => s.RedisUser = user));

    [Fact]
    public void A_sentinel_service_name_with_a_comma_is_refused() =>
        AssertOnlyFailure("Idp:State:RedisSentinelServiceName must be the Sentinel master name (as in 'sentinel monitor <name> …'), without spaces or commas, or left out.",
            Redis(s => s.RedisSentinelServiceName = "mymaster,ssl=false"));

    [Theory]
    [InlineData("00:00:00.100")]
    [InlineData("00:01:01")]
    public void The_connect_timeout_has_bounds(string value) =>
        AssertOnlyFailure($"Idp:State:RedisConnectTimeout {TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)} must be between 0.5 and 60 seconds.",
            Redis(s => s.RedisConnectTimeout = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("00:00:00.010")]
    [InlineData("00:00:31")]
    public void The_operation_timeout_has_bounds(string value) =>
        AssertOnlyFailure($"Idp:State:OperationTimeout {TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)} must be between 50 ms and 30 seconds.",
            Redis(s => s.OperationTimeout = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Redis_settings_without_Idp_State_Redis_are_refused_as_stray() =>
        AssertOnlyFailure("Idp:State:RedisTls is set but Idp:State:Redis is not; set the Redis endpoints, or remove it (without Redis, state stays in this process).",
            o => o.State.RedisTls = true);
}
