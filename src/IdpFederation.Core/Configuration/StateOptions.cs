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

    /// <summary>When set, Data Protection keys are encrypted with this certificate before they are stored.</summary>
    public CertificateSource? KeyEncryptionCertificate { get; set; }
}
