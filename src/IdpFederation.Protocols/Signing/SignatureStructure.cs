using System.Xml;

namespace IdpFederation.Protocols.Signing;

/// <summary>
/// The DOM-level checks that run before any cryptography: they look only at the raw XML, so
/// nothing attacker-chosen (transform classes, resolvers) is instantiated for a message that
/// already breaks the rules.
/// </summary>
internal static class SignatureStructure
{
    // Attribute names that serve as IDs in the vocabularies we handle (SAML 1.1 AssertionID,
    // SAML 2.0/metadata ID, WS-Security/XML-DSig Id). A value repeated under any of them is ambiguous.
    private static readonly string[] IdLikeAttributeNames =
        ["ID", "Id", "id", "AssertionID", "RequestID", "ResponseID"];

    public static string? Check(XmlElement signedElement, string idAttributeName, out XmlElement? signature, out string? id)
    {
        signature = null;
        id = signedElement.GetAttributeNode(idAttributeName)?.Value;
        if (string.IsNullOrEmpty(id))
        {
            return $"The signed element has no '{idAttributeName}' attribute.";
        }

        var signatures = DirectSignatureChildren(signedElement);
        if (signatures.Count == 0)
        {
            return "The element is not signed: no Signature child.";
        }

        if (signatures.Count > 1)
        {
            return "The element has more than one Signature child.";
        }

        signature = signatures[0];
        var occurrences = CountIdOccurrences(signedElement.OwnerDocument, idAttributeName, id);
        if (occurrences != 1)
        {
            return $"The signed element's ID occurs on {occurrences} elements; it must be unique in the document.";
        }

        foreach (var node in signature.SelectNodes("descendant::*")!.Cast<XmlElement>())
        {
            if (node.NamespaceURI != XmlSignatureAlgorithms.DsigNamespace)
            {
                continue;
            }

            // We never produce or need ds:Object; it is the classic hiding place for wrapped content.
            if (node.LocalName == "Object")
            {
                return "The Signature must not contain an Object element.";
            }

            if (node.LocalName == "Transform"
                && !XmlSignatureAlgorithms.AllowedTransforms.Contains(node.GetAttribute("Algorithm")))
            {
                return "A transform is not allowed.";
            }
        }

        return null;
    }

    private static List<XmlElement> DirectSignatureChildren(XmlElement element)
    {
        var result = new List<XmlElement>();
        foreach (XmlNode child in element.ChildNodes)
        {
            if (child is XmlElement e && e.LocalName == "Signature" && e.NamespaceURI == XmlSignatureAlgorithms.DsigNamespace)
            {
                result.Add(e);
            }
        }

        return result;
    }

    private static int CountIdOccurrences(XmlDocument document, string idAttributeName, string id)
    {
        var count = 0;
        foreach (XmlElement element in document.GetElementsByTagName("*"))
        {
            foreach (XmlAttribute attribute in element.Attributes)
            {
                if (attribute.Value == id
                    && (attribute.LocalName == idAttributeName || IdLikeAttributeNames.Contains(attribute.LocalName)))
                {
                    count++;
                }
            }
        }

        return count;
    }
}
