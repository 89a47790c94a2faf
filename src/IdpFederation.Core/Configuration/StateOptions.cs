namespace IdpFederation.Core.Configuration;

/// <summary>
/// Where shared state lives. Empty <see cref="Redis"/> means in this process only (one instance). The Redis settings
/// are read at start-up; changing them needs a restart (README "Shared state and Redis").
/// </summary>
public sealed class StateOptions
{
    /// <summary>
    /// The one place the Redis password may come from besides <see cref="RedisPasswordFile"/>. Not an Idp:State key on
    /// purpose: a key could be written into the JSON, which ends up in backups and source control.
    /// </summary>
    public const string RedisPasswordVariable = "IDPFED_REDIS_PASSWORD";

    /// <summary>
    /// The Redis endpoints, comma-separated ("redis1:6379,redis2:6379"), or with <see cref="RedisSentinelServiceName"/>
    /// the sentinels ("sentinel1:26379,sentinel2:26379"). Other StackExchange.Redis options may follow, but not the ones
    /// that have a setting of their own here (password, user, ssl, serviceName, timeouts): start-up refuses those and
    /// names the setting to use. Setting it makes every instance share state.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>The Redis 6+ ACL user the IdP signs in as; empty means the "default" user.</summary>
    public string? RedisUser { get; set; }

    /// <summary>
    /// A file, relative to the config directory, holding the Redis password (a trailing newline is ignored). The
    /// alternative is the <see cref="RedisPasswordVariable"/> environment variable; never the JSON.
    /// </summary>
    public string? RedisPasswordFile { get; set; }

    /// <summary>TLS to Redis (and to the sentinels). The server certificate is checked against the machine's roots or <see cref="RedisCaFile"/>.</summary>
    public bool RedisTls { get; set; }

    /// <summary>
    /// A PEM file of the CA that issued the Redis server certificates, relative to the config directory. When set, a
    /// server certificate must chain to this CA and nothing else: a certificate from a public CA is refused.
    /// </summary>
    public string? RedisCaFile { get; set; }

    /// <summary>PEM client certificate for Redis servers that require one (tls-auth-clients yes), with <see cref="RedisClientKeyFile"/>.</summary>
    public string? RedisClientCertificateFile { get; set; }

    /// <summary>The unencrypted PEM private key of <see cref="RedisClientCertificateFile"/>.</summary>
    public string? RedisClientKeyFile { get; set; }

    /// <summary>
    /// The Sentinel service (master group) name; when set, <see cref="Redis"/> lists the sentinels. The client asks
    /// them for the master and follows every failover they announce, without a restart.
    /// </summary>
    public string? RedisSentinelServiceName { get; set; }

    /// <summary>How long one connection attempt may take (TCP, TLS, authentication). Reconnecting goes on in the background.</summary>
    public TimeSpan RedisConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan ShortestRedisConnectTimeout = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan LongestRedisConnectTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Prefix of every key, so several deployments can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "idpfed:";

    /// <summary>
    /// Upper bound on any one store call. A sign-in that cannot reach the store within it fails with 503 at once
    /// instead of tying up the request.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan ShortestOperationTimeout = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan LongestOperationTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most sign-ins that may wait at the login or MFA pages at once, across all instances. A pending sign-in is
    /// stored before anyone has typed a password, so without a cap anonymous requests could fill memory (or Redis).
    /// Each holds at most about 18 KB in memory and 60 KB in Redis (an 8 KB wctx, JSON-escaped at worst 6 bytes a
    /// character, plus allocator rounding), so 5,000 bounds them near 90 MB / 300 MB. A finished sign-in frees its
    /// place at once, so even a large tenant's morning peak (sign-ins in progress plus those abandoned in the last
    /// 15 minutes) needs far fewer.
    /// When full, new sign-ins get 503 (IDPF9504) until places free up; users with a live session are not affected.
    /// </summary>
    public int MaxPendingSignIns { get; set; } = 5_000;

    public const int HighestMaxPendingSignIns = 1_000_000;

    /// <summary>When set, Data Protection keys are encrypted with this certificate before they are stored.</summary>
    public CertificateSource? KeyEncryptionCertificate { get; set; }
}
