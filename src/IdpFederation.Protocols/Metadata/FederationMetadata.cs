using System.Security.Cryptography.X509Certificates;

namespace IdpFederation.Protocols.Metadata;

/// <summary>
/// The WS-Federation metadata document served at /FederationMetadata/2007-06/FederationMetadata.xml
/// (spec §4): an EntityDescriptor with one STS RoleDescriptor. Written by
/// <see cref="FederationMetadataSerializer"/>; signed separately.
/// </summary>
public sealed record FederationMetadata
{
    /// <summary>entityID: the issuer URI.</summary>
    public required string EntityId { get; init; }

    /// <summary>The EntityDescriptor's ID, the signature Reference target; use <c>XmlIds.NewId()</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Current and next token-signing certificates: one KeyDescriptor use="signing" each (spec §7).</summary>
    public required IReadOnlyList<X509Certificate2> SigningCertificates { get; init; }

    /// <summary>The WS-Federation passive endpoint, e.g. https://fs.example.com/adfs/ls/.</summary>
    public required string PassiveRequestorEndpoint { get; init; }

    /// <summary>The WS-Trust endpoint; the schema requires one (minOccurs=1).</summary>
    public required string SecurityTokenServiceEndpoint { get; init; }

    /// <summary>Written as fed:TokenTypesOffered when not empty.</summary>
    public IReadOnlyList<string> TokenTypesOffered { get; init; } = [];

    /// <summary>Written as fed:ClaimTypesOffered when not empty.</summary>
    public IReadOnlyList<ClaimTypeOffered> ClaimTypesOffered { get; init; } = [];

    /// <summary>Optional validUntil on the EntityDescriptor (UTC).</summary>
    public DateTime? ValidUntil { get; init; }
}
