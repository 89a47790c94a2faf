namespace IdpFederation.Core.Configuration;

/// <summary>Where shared state lives. Empty <see cref="Redis"/> means in this process only (one instance).</summary>
public sealed class StateOptions
{
    /// <summary>
    /// StackExchange.Redis connection string, e.g. "redis1:6379,redis2:6379,password=…,ssl=true" or, for Sentinel,
    /// "sentinel1:26379,sentinel2:26379,serviceName=mymaster". Setting it makes every instance share state.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>Prefix of every key, so several deployments can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "idpfed:";

    /// <summary>
    /// Upper bound on any one store call. A sign-in that cannot reach the store within it fails with 503 at once
    /// instead of tying up the request.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(1);

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
