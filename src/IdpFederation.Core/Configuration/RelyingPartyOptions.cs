namespace IdpFederation.Core.Configuration;

public sealed class RelyingPartyOptions
{
    /// <summary>The wtrealm / SAML audience.</summary>
    public string Realm { get; set; } = "";

    public string DisplayName { get; set; } = "";

    /// <summary>Absolute https URLs; the first is used when a request carries no wreply.</summary>
    public List<string> ReplyUrls { get; set; } = [];

    public bool Enabled { get; set; } = true;
}
