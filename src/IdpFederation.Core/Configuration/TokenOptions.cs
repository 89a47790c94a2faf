namespace IdpFederation.Core.Configuration;

public sealed class TokenOptions
{
    /// <summary>AD FS's default token lifetime (spec §1.6).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// NotBefore is backdated by this much so that a relying party whose clock runs slightly behind ours still
    /// accepts the token; Entra's own skew tolerance is unpublished (spec §1.6), so keep it small.
    /// </summary>
    public TimeSpan NotBeforeSkew { get; set; } = TimeSpan.FromMinutes(5);
}
