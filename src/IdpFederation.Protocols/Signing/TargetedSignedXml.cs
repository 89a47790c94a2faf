using System.Security.Cryptography.Xml;
using System.Xml;

namespace IdpFederation.Protocols.Signing;

/// <summary>
/// A <see cref="SignedXml"/> whose only resolvable same-document reference is the one element we
/// chose. The stock lookup searches the whole document for Id/ID/id attributes and returns the
/// first match, which is exactly what signature-wrapping attacks exploit; it also cannot find
/// SAML 1.1's AssertionID. Here "#id" resolves to <c>target</c> or to nothing.
/// </summary>
internal sealed class TargetedSignedXml : SignedXml
{
    private readonly XmlElement _target;
    private readonly string _id;

    public TargetedSignedXml(XmlElement target, string id)
        : base(target)
    {
        _target = target;
        _id = id;
        // Never fetch anything: a null resolver makes external references fail closed.
        Resolver = null!;
    }

    public override XmlElement? GetIdElement(XmlDocument? document, string idValue) =>
        string.Equals(idValue, _id, StringComparison.Ordinal) ? _target : null;
}
