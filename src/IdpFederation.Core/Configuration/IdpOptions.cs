namespace IdpFederation.Core.Configuration;

/// <summary>Root of the IdP's settings, bound from the "Idp" section of config/*.json.</summary>
public sealed class IdpOptions
{
    public const string SectionName = "Idp";

    /// <summary>
    /// The public https base URL (e.g. https://sts.contoso.com). Metadata, endpoints and issuer-facing URLs come from
    /// here and never from the Host header, which an attacker controls (security checklist row 13).
    /// </summary>
    public string PublicBaseUrl { get; set; } = "https://localhost:5001";

    /// <summary>Holds the SQLite file, the development certificate and the Data Protection keys.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Appended to a bare username ("jsmith" becomes "jsmith@contoso.com"); null leaves bare names unresolved.</summary>
    public string? PrincipalNameSuffix { get; set; }

    public List<FederatedDomainOptions> Domains { get; set; } = [];

    /// <summary>Added to the built-in Microsoft 365 relying party.</summary>
    public List<RelyingPartyOptions> RelyingParties { get; set; } = [];

    public TokenOptions Tokens { get; set; } = new();
    public SessionOptions Session { get; set; } = new();
    public BrandingOptions Branding { get; set; } = new();
    public SigningOptions Signing { get; set; } = new();
    public DatabaseOptions Database { get; set; } = new();
    public WsFederationLimits WsFederation { get; set; } = new();
    public PasswordHashingOptions PasswordHashing { get; set; } = new();
    public PasswordPolicyOptions PasswordPolicy { get; set; } = new();
    public StateOptions State { get; set; } = new();
    public RateLimitOptions RateLimits { get; set; } = new();
    public NetworkOptions Network { get; set; } = new();
    public PolicyOptions Policy { get; set; } = new();
    public MfaOptions Mfa { get; set; } = new();
    public DevelopmentOptions Development { get; set; } = new();
    public HealthOptions Health { get; set; } = new();
    public TelemetryOptions Telemetry { get; set; } = new();
    public ProvisioningOptions Provisioning { get; set; } = new();
}
