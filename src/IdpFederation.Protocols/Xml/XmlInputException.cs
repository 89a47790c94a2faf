namespace IdpFederation.Protocols.Xml;

/// <summary>
/// Inbound XML was refused by <see cref="SafeXml"/>: too large, malformed, or carrying a DTD.
/// The message is precise and safe to log; it never echoes the input itself.
/// </summary>
public sealed class XmlInputException : Exception
{
    public XmlInputException()
    {
    }

    public XmlInputException(string message)
        : base(message)
    {
    }

    public XmlInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
