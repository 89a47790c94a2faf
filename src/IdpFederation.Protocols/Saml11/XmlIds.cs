using System.Security.Cryptography;

namespace IdpFederation.Protocols.Saml11;

/// <summary>IDs for assertions and metadata (architecture principle 7).</summary>
public static class XmlIds
{
    /// <summary>
    /// "_" followed by 32 lowercase hex digits (128 bits from the CSPRNG). The leading underscore
    /// makes it a valid xs:ID / NCName, which may not start with a digit.
    /// </summary>
    public static string NewId() => "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
