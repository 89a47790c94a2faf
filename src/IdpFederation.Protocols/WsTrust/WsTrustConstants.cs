namespace IdpFederation.Protocols.WsTrust;

/// <summary>Namespaces and URIs of the RSTR (spec §1.3). Entra uses WS-Trust Feb 2005, not WS-Trust 1.3.</summary>
public static class WsTrustConstants
{
    public const string Trust2005Namespace = "http://schemas.xmlsoap.org/ws/2005/02/trust";
    public const string UtilityNamespace =
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    public const string PolicyNamespace = "http://schemas.xmlsoap.org/ws/2004/09/policy";
    public const string AddressingNamespace = "http://www.w3.org/2005/08/addressing";
    public const string RequestTypeIssue = "http://schemas.xmlsoap.org/ws/2005/02/trust/Issue";
    public const string KeyTypeNoProofKey = "http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey";
}
