namespace IdpFederation.Protocols.Metadata;

/// <summary>Namespaces and values of WS-Federation metadata (spec §4; WS-Federation 1.2 §3.1).</summary>
public static class MetadataConstants
{
    public const string MetadataNamespace = "urn:oasis:names:tc:SAML:2.0:metadata";
    public const string FederationNamespace = "http://docs.oasis-open.org/wsfed/federation/200706";
    public const string AuthorizationNamespace = "http://docs.oasis-open.org/wsfed/authorization/200706";
    public const string AddressingNamespace = "http://www.w3.org/2005/08/addressing";
    public const string XsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";
    public const string SecurityTokenServiceType = "fed:SecurityTokenServiceType";

    /// <summary>The ID attribute of md:EntityDescriptor, for <c>SignedXmlValidator</c> and xmlsec1's --id-attr.</summary>
    public const string IdAttribute = "ID";
}
