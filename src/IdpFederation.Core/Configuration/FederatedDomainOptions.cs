namespace IdpFederation.Core.Configuration;

public sealed class FederatedDomainOptions
{
    /// <summary>The Microsoft 365 domain, e.g. contoso.com.</summary>
    public string Name { get; set; } = "";

    /// <summary>
    /// Must equal the domain's IssuerUri in Entra exactly (spec §1.8); defaults to "URN:&lt;domain&gt;".
    /// </summary>
    public string? IssuerUri { get; set; }

    public string EffectiveIssuerUri => string.IsNullOrWhiteSpace(IssuerUri) ? "URN:" + Name : IssuerUri;
}
