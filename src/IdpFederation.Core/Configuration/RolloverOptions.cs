namespace IdpFederation.Core.Configuration;

/// <summary>Idp:Signing:Rollover: how the managed signing certificates roll over (entra-federation.md §7).</summary>
public sealed class RolloverOptions
{
    /// <summary>
    /// How often every instance re-reads the managed certificates from the database. A promotion made by one instance
    /// reaches the others within this interval; that is safe because a certificate is promoted only once Entra holds it
    /// (see RotatingSigningKeyStore), so keep it short: 30 seconds.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the rollover worker pushes, reads back and promotes; one instance acts at a time (a lease).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Promote the next certificate this long before the current one expires even when some federated domain does not
    /// hold it yet: signing with an expired certificate fails every sign-in, while a domain that lacks the new one fails
    /// only its own. 5 days, AD FS's CertificatePromotionThreshold (spec §7).
    /// </summary>
    public TimeSpan SafetyMargin { get; set; } = TimeSpan.FromDays(5);

    /// <summary>
    /// Generate the next certificate automatically when the current managed one has <see cref="GenerationThreshold"/>
    /// left. Null means "only when the current certificate is managed" (in the database): a certificate from
    /// Idp:Signing:Current belongs to its operator, who starts the first rollover with idpfed cert new.
    /// </summary>
    public bool? AutoGenerate { get; set; }

    /// <summary>35 days: Entra starts polling metadata for a new certificate 35 days before expiry (spec §7).</summary>
    public TimeSpan GenerationThreshold { get; set; } = TimeSpan.FromDays(35);

    /// <summary>Validity of generated certificates: 365 days, AD FS's CertificateDuration (spec §7).</summary>
    public int ValidityDays { get; set; } = 365;

    /// <summary>RSA key size of generated certificates; Entra needs at least 2048 bits.</summary>
    public int KeySize { get; set; } = 3072;
}
