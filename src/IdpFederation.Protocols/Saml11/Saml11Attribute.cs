using System.Diagnostics.CodeAnalysis;

namespace IdpFederation.Protocols.Saml11;

/// <summary>
/// A SAML 1.1 attribute: the claim URI split at its last '/' into
/// <paramref name="Namespace"/> (AttributeNamespace) and <paramref name="Name"/> (AttributeName), spec §1.4.
/// An attribute with no values is not written.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "A SAML Attribute element, not a .NET attribute; the name is the protocol's.")]
public sealed record Saml11Attribute(string Name, string Namespace, IReadOnlyList<string> Values)
{
    public Saml11Attribute(string name, string @namespace, string value)
        : this(name, @namespace, [value])
    {
    }
}
