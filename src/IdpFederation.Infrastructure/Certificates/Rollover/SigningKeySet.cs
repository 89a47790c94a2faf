using System.Security.Cryptography.X509Certificates;

namespace IdpFederation.Infrastructure.Certificates.Rollover;

/// <summary>
/// The certificates one instance uses at one moment: Current signs; Next is published ahead of a rollover; Previous is
/// the certificate a promotion just replaced.
/// </summary>
/// <param name="CurrentIsManaged">True when Current comes from the database, false when from Idp:Signing:Current.</param>
/// <param name="NextIsManaged">True when Next comes from the database (only a managed Next is promoted automatically).</param>
public sealed record SigningKeySet(X509Certificate2 Current, X509Certificate2? Next, X509Certificate2? Previous, bool CurrentIsManaged, bool NextIsManaged)
{
    /// <summary>
    /// The second certificate metadata publishes and Entra holds as nextSigningCertificate: the Next while a rollover is
    /// under way, else the Previous while it is still valid. Keeping the Previous mirrors AD FS, whose old primary stays
    /// secondary after a promotion: tokens signed with it just before the switch (by this or by another instance still
    /// inside its refresh interval) keep validating for their whole lifetime. A new Next takes its place.
    /// </summary>
    public X509Certificate2? Secondary => Next ?? Previous;

    /// <summary>What metadata publishes: Current, then the secondary (spec §4: one KeyDescriptor per current/next certificate).</summary>
    public IReadOnlyList<X509Certificate2> Published => Secondary is { } secondary ? [Current, secondary] : [Current];
}
