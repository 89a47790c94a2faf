using IdpFederation.Core.Configuration;
using IdpFederation.Core.Tokens;
using IdpFederation.Protocols.Metadata;
using IdpFederation.Protocols.Saml11;
using IdpFederation.Protocols.WsFederation;
using IdpFederation.Server.WsFederation;
using Microsoft.Extensions.Options;

namespace IdpFederation.Server.Metadata;

/// <summary>
/// The signed WS-Federation metadata (spec §4). Built from configuration only, never from the request's Host header,
/// and cached until the configuration or the published certificates change (a new next certificate appears at once).
/// </summary>
public sealed class FederationMetadataDocument
{
    private static readonly TimeSpan ValidFor = TimeSpan.FromDays(1);
    private readonly IOptionsMonitor<IdpOptions> _options;
    private readonly ISigningKeyStore _keys;
    private readonly TimeProvider _time;
    private Snapshot? _cache;

    public FederationMetadataDocument(IOptionsMonitor<IdpOptions> options, ISigningKeyStore keys, TimeProvider time)
    {
        _options = options;
        _keys = keys;
        _time = time;
    }

    public string GetXml()
    {
        var options = _options.CurrentValue;
        var now = _time.GetUtcNow();
        var certificates = _keys.PublishedCertificates;
        if (_cache is { } cache && ReferenceEquals(cache.Source, options) && ReferenceEquals(cache.Certificates, certificates) && cache.Expires > now)
        {
            return cache.Xml;
        }

        var xml = Build(options, certificates, now);
        // Re-sign well before validUntil so a cached copy is never stale.
        _cache = new Snapshot(options, certificates, now + ValidFor / 2, xml);
        return xml;
    }

    public static string EntityId(IdpOptions options) => BaseUrl(options) + "/adfs/services/trust";

    private string Build(IdpOptions options, IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> certificates, DateTimeOffset now)
    {
        var passive = BaseUrl(options) + WsFederationEndpoints.PassivePath;
        var id = XmlIds.NewId();
        var metadata = new FederationMetadata
        {
            EntityId = EntityId(options),
            Id = id,
            SigningCertificates = certificates,
            PassiveRequestorEndpoint = passive,
            // The schema requires an STS endpoint; until WS-Trust is served the passive endpoint is the only one.
            SecurityTokenServiceEndpoint = passive,
            TokenTypesOffered = [Saml11Constants.TokenType],
            ClaimTypesOffered =
            [
                new("http://schemas.xmlsoap.org/claims/UPN", "UPN", "The user principal name of the user."),
                new(WsFederationClaimTypes.ImmutableIdNamespace + "/" + WsFederationClaimTypes.ImmutableIdName, "ImmutableID", "The user's Entra onPremisesImmutableId."),
                new("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier", "Name ID", "The ImmutableID, as the subject's NameIdentifier."),
                new(WsFederationClaimTypes.AuthnMethodsReferencesNamespace + "/" + WsFederationClaimTypes.AuthnMethodsReferencesName, "Authentication methods references", "Present with multipleauthn only after multi-factor authentication."),
            ],
            ValidUntil = (now + ValidFor).UtcDateTime,
        };

        var document = FederationMetadataSerializer.ToXmlDocument(metadata);
        var root = document.DocumentElement!;
        // SAML 2.0 metadata schema: ds:Signature is the first child of EntityDescriptor.
        _keys.Signer.SignEnveloped(root, id, root.FirstChild);
        return document.OuterXml;
    }

    private static string BaseUrl(IdpOptions options) => options.PublicBaseUrl.TrimEnd('/');

    private sealed record Snapshot(IdpOptions Source, object Certificates, DateTimeOffset Expires, string Xml);
}
