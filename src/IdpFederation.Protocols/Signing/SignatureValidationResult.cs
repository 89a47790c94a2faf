namespace IdpFederation.Protocols.Signing;

/// <summary>Outcome of <see cref="SignedXmlValidator.Validate(System.Xml.XmlElement, string, IReadOnlyCollection{System.Security.Cryptography.X509Certificates.X509Certificate2})"/>.</summary>
/// <param name="IsValid">True only when every structural rule held and the signature verified.</param>
/// <param name="Error">Why validation failed; null when valid. Safe to log.</param>
public sealed record SignatureValidationResult(bool IsValid, string? Error)
{
    public static SignatureValidationResult Valid { get; } = new(true, null);

    public static SignatureValidationResult Invalid(string error) => new(false, error);
}
